package com.governedactions.api;

import com.governedactions.action.directory.PrincipalInfo;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A directory principal authenticated by its bearer token: its roles become {@code ROLE_} authorities. */
final class PrincipalAuthentication extends AbstractAuthenticationToken {
  private final transient PrincipalInfo principal;

  private PrincipalAuthentication(PrincipalInfo principal) {
    super(principal.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
    this.principal = principal;
    setAuthenticated(true);
  }

  static PrincipalAuthentication of(PrincipalInfo principal) {
    return new PrincipalAuthentication(principal);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal.id();
  }

  /** Equal by principal alone; the authorities follow from it. */
  @Override
  public boolean equals(Object other) {
    return other instanceof PrincipalAuthentication that && that.principal.equals(principal);
  }

  @Override
  public int hashCode() {
    return principal.hashCode();
  }
}

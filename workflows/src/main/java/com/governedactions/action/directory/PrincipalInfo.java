package com.governedactions.action.directory;

import java.util.List;

/**
 * A principal as configured.
 *
 * @param known false when no principal has that id (then {@code human} is false and roles empty)
 * @param human false for service clients such as a chat backend, which act for AI actors
 */
public record PrincipalInfo(String id, boolean known, boolean human, List<String> roles) {
  public PrincipalInfo {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public static PrincipalInfo unknown(String id) {
    return new PrincipalInfo(id, false, false, List.of());
  }

  public boolean hasAnyRole(List<String> wanted) {
    return roles.stream().anyMatch(wanted::contains);
  }
}

package com.governedactions.api;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Who may sign in to the web console: the directory's people (never a service client), each with
 * the password hash configured for them, or in dev mode with the demo token as password, hashed
 * once at start like any other. Roles come from the directory, as for a bearer token.
 */
final class ConsoleUsers implements UserDetailsService {
  private final PrincipalDirectory directory;
  private final Map<String, String> hashById;

  ConsoleUsers(PrincipalDirectory directory, PasswordEncoder encoder) {
    this.directory = directory;
    this.hashById = directory.principals().stream()
        .filter(PrincipalInfo::human)
        .flatMap(p -> hashOf(directory, encoder, p.id()).map(hash -> Map.entry(p.id(), hash)).stream())
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static Optional<String> hashOf(PrincipalDirectory directory, PasswordEncoder encoder, String id) {
    return directory.passwordHash(id).or(() -> directory.demoPassword(id).map(encoder::encode));
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    String hash = hashById.get(username);
    if (hash == null) {
      throw new UsernameNotFoundException("no console sign-in for this name");
    }
    PrincipalInfo principal = directory.byId(username);
    return User.withUsername(username).password(hash).roles(principal.roles().toArray(String[]::new)).build();
  }
}

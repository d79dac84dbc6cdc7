package com.governedactions.directory;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the API, from configuration only: a request body can never add a role.
 *
 * <pre>
 * governed.security.tokens.&lt;token&gt;: &lt;principal id&gt;
 * governed.security.principals.&lt;principal id&gt;.human: true|false
 * governed.security.principals.&lt;principal id&gt;.roles: SUPERVISOR,MANAGER
 * governed.security.principals.&lt;principal id&gt;.password-hash: {bcrypt}$2a$10$...
 * </pre>
 *
 * @param tokens bearer token to principal id
 * @param principals principal id to its kind and roles
 */
@ConfigurationProperties("governed.security")
record DirectoryProperties(Map<String, String> tokens, Map<String, Principal> principals) {
  DirectoryProperties {
    tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    principals = principals == null ? Map.of() : Map.copyOf(principals);
  }

  /**
   * @param human required: true for a person, false for a service client such as a chat backend.
   *     No default, so a forgotten setting cannot silently let a service approve like a person.
   * @param passwordHash the web console password of a person, as a hash with its id prefix (e.g.
   *     {@code {bcrypt}$2a$10$...}), never in clear; without one the principal cannot sign in there
   */
  record Principal(Boolean human, List<String> roles, String passwordHash) {
    Principal {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}

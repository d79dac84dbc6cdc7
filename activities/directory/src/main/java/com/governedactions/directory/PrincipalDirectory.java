package com.governedactions.directory;

import com.governedactions.action.directory.PrincipalInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured principals and the bearer tokens that authenticate them. Immutable once built;
 * every token must name a configured principal, so a typo fails at start instead of at the first
 * request.
 */
public final class PrincipalDirectory {

  /** The demo principals of spec section 9, in the order they are printed at start. */
  static final List<DemoPrincipal> DEMO =
      List.of(
          new DemoPrincipal("dev-chat", "chat-backend", false, "CHAT_BACKEND"),
          new DemoPrincipal("dev-agent", "sam", true, "AGENT"),
          new DemoPrincipal("dev-alice", "alice", true, "SUPERVISOR"),
          new DemoPrincipal("dev-bob", "bob", true, "SUPERVISOR"),
          new DemoPrincipal("dev-maria", "maria", true, "MANAGER"),
          new DemoPrincipal("dev-olivia", "olivia", true, "OPERATOR"),
          new DemoPrincipal("dev-paul", "paul", true, "POLICY_ADMIN"),
          new DemoPrincipal("dev-petra", "petra", true, "POLICY_ADMIN"));

  record DemoPrincipal(String token, String id, boolean human, String role) {}

  private final Map<String, String> principalIdByToken;
  private final Map<String, PrincipalInfo> principalsById;
  private final Map<String, String> passwordHashById;
  private final boolean demo;

  /**
   * @param principalIdByToken bearer token to principal id; every id must be in {@code principals}
   * @param principals the known principals
   */
  public PrincipalDirectory(Map<String, String> principalIdByToken, List<PrincipalInfo> principals) {
    this(principalIdByToken, principals, Map.of(), false);
  }

  private PrincipalDirectory(
      Map<String, String> principalIdByToken,
      List<PrincipalInfo> principals,
      Map<String, String> passwordHashById,
      boolean demo) {
    Map<String, PrincipalInfo> byId = new LinkedHashMap<>();
    for (PrincipalInfo principal : principals) {
      if (principal.id() == null || principal.id().isBlank()) {
        throw new IllegalArgumentException("a principal needs a non-blank id");
      }
      byId.put(principal.id(), principal);
    }
    principalIdByToken.forEach(
        (token, id) -> {
          if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("governed.security.tokens: a token must not be blank");
          }
          if (!byId.containsKey(id)) {
            throw new IllegalArgumentException(
                "governed.security.tokens: a token names principal '"
                    + id
                    + "', which is not configured under governed.security.principals."
                    + id);
          }
        });
    this.principalIdByToken = Map.copyOf(principalIdByToken);
    this.principalsById = Map.copyOf(byId);
    this.passwordHashById = Map.copyOf(passwordHashById);
    this.demo = demo;
  }

  /**
   * Builds the directory from configuration. In dev mode with no tokens configured, the demo
   * principals and tokens are used (configured principals win over demo ones with the same id);
   * outside dev mode the demo tokens never exist.
   */
  static PrincipalDirectory from(DirectoryProperties properties, boolean devMode) {
    Map<String, PrincipalInfo> principals = new LinkedHashMap<>();
    Map<String, String> tokens = new LinkedHashMap<>(properties.tokens());
    boolean demo = devMode && tokens.isEmpty();
    if (demo) {
      for (DemoPrincipal p : DEMO) {
        principals.put(p.id(), new PrincipalInfo(p.id(), true, p.human(), List.of(p.role())));
        tokens.put(p.token(), p.id());
      }
    }
    Map<String, String> passwordHashes = new LinkedHashMap<>();
    properties
        .principals()
        .forEach((id, p) -> {
          principals.put(id, new PrincipalInfo(id, true, human(id, p), p.roles()));
          if (p.passwordHash() != null && !p.passwordHash().isBlank()) {
            passwordHashes.put(id, p.passwordHash());
          }
        });
    return new PrincipalDirectory(tokens, List.copyOf(principals.values()), passwordHashes, demo);
  }

  private static boolean human(String id, DirectoryProperties.Principal principal) {
    if (principal.human() == null) {
      throw new IllegalArgumentException(
          "governed.security.principals."
              + id
              + ".human must be set: true for a person, false for a service client such as a chat backend");
    }
    return principal.human();
  }

  /** The principal a bearer token authenticates, or empty for an unknown token. */
  public Optional<PrincipalInfo> byToken(String token) {
    return Optional.ofNullable(token).map(principalIdByToken::get).map(principalsById::get);
  }

  /** The principal with this id, or {@link PrincipalInfo#unknown(String)}. */
  public PrincipalInfo byId(String id) {
    PrincipalInfo principal = id == null ? null : principalsById.get(id);
    return principal != null ? principal : PrincipalInfo.unknown(id);
  }

  /** Every role some configured principal holds: the roles a policy may name. */
  public java.util.Set<String> roles() {
    return principalsById.values().stream()
        .flatMap(p -> p.roles().stream())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Every configured principal, people and service clients. */
  public java.util.Collection<PrincipalInfo> principals() {
    return principalsById.values();
  }

  /**
   * The web console password hash configured for a principal ({@code password-hash}, with its
   * encoder prefix such as {@code {bcrypt}}), or empty: then only a demo principal may sign in.
   */
  public Optional<String> passwordHash(String id) {
    return Optional.ofNullable(id).map(passwordHashById::get);
  }

  /**
   * In dev mode with the demo tokens, a demo principal signs in to the console with its name and its
   * demo token ({@code alice} / {@code dev-alice}); empty for anyone else and outside dev mode.
   */
  public Optional<String> demoPassword(String id) {
    if (!demo || id == null) {
      return Optional.empty();
    }
    return DEMO.stream()
        .filter(p -> p.id().equals(id) && id.equals(principalIdByToken.get(p.token())))
        .map(DemoPrincipal::token)
        .findFirst();
  }

  /** True when the dev-mode demo tokens are in use. */
  public boolean usesDemoTokens() {
    return demo;
  }

  /** How many tokens are configured, for the start-up log. */
  int tokenCount() {
    return principalIdByToken.size();
  }
}

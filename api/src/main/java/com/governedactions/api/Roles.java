package com.governedactions.api;

import com.governedactions.action.directory.PrincipalInfo;
import java.util.List;

/** The roles the API knows by name (spec section 9), and the check controllers use. */
public final class Roles {
  public static final String CHAT_BACKEND = "CHAT_BACKEND";
  public static final String AGENT = "AGENT";
  public static final String SUPERVISOR = "SUPERVISOR";
  public static final String MANAGER = "MANAGER";
  public static final String OPERATOR = "OPERATOR";
  public static final String POLICY_ADMIN = "POLICY_ADMIN";

  private Roles() {}

  /** Refuses with 403, naming the roles that would do, unless the caller holds one of them. */
  public static void requireAny(PrincipalInfo caller, String what, String... roles) {
    List<String> wanted = List.of(roles);
    if (!caller.hasAnyRole(wanted)) {
      throw ApiProblem.forbidden(
          what
              + " needs one of the roles "
              + wanted
              + "; principal '"
              + caller.id()
              + "' has "
              + caller.roles());
    }
  }
}

package com.governedactions.action;

import java.util.List;

/**
 * The outcome of a rule check: the strictest matching effect, and the requirements of every rule
 * that matched (confirmation and approval can both apply).
 *
 * @param rules ids of the rules that matched, in policy order
 * @param reason shown to the chat backend (deny reasons, escalation notes); may be null
 * @param confirmationRequired the customer must confirm before anything else happens
 * @param approval null unless a matching rule requires approval
 * @param team the team a case goes to when {@code effect} is ESCALATE (or approval times out into
 *     an escalation); may be null
 */
public record Decision(
    Effect effect,
    long policyVersion,
    List<String> rules,
    String reason,
    boolean confirmationRequired,
    ApprovalRequirement approval,
    String team) {
  /** The policy version of a decision no policy made: a request too incomplete to be judged. */
  public static final long NO_POLICY = 0;

  public Decision {
    rules = List.copyOf(rules);
  }

  /** The denial of a request that cannot be judged at all, for the {@code problems} it has. */
  public static Decision invalidRequest(List<String> problems) {
    return new Decision(Effect.DENY, NO_POLICY, List.of(), "invalid request: " + String.join("; ", problems), false,
        null, null);
  }
}

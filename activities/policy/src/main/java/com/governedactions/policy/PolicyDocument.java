package com.governedactions.policy;

import java.util.List;
import java.util.Map;

/**
 * The policy as written (spec section 3), before validation: effects, durations and timeouts stay
 * strings here so that every mistake in a document can be reported at once, not just the first.
 *
 * @param permissions per action type, who may request it and who may approve it
 */
public record PolicyDocument(List<Rule> rules, Map<String, Permission> permissions) {

  /**
   * @param when a CEL condition over the request and its context
   * @param effect allow | require_confirmation | require_approval | deny | escalate
   * @param reason shown to the chat backend when this rule decides
   * @param team the team a case goes to (escalate, or require_approval with onTimeout escalate)
   */
  public record Rule(
      String id, String description, String when, String effect, String reason, Approval approval, String team) {}

  /**
   * @param approvers distinct approvers needed; 1 when absent
   * @param onTimeout expire | reject | escalate; expire when absent
   */
  public record Approval(List<Tier> tiers, Integer approvers, String onTimeout) {}

  /** @param sla an ISO-8601 duration such as {@code PT4H} */
  public record Tier(List<String> roles, String sla) {}

  /**
   * @param request who may request the action type: {@code ai} for any AI actor, or human roles
   * @param approve roles that may approve it
   */
  public record Permission(List<String> request, List<String> approve) {}
}

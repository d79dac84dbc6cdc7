package com.governedactions.action;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the {@code state} query returns, and the body of {@code GET /api/v1/actions/{id}}: one
 * shape for both so a Temporal client and a REST client see the same thing.
 *
 * @param submittedBy the client that submitted the request (see {@link ActionRequest#submittedBy()});
 *     it alone relays the customer's answer, and may read the action without a staff role
 */
public record ActionState(
    String actionId,
    String requestId,
    ActionStatus status,
    String type,
    Map<String, Object> params,
    Actor actor,
    Customer customer,
    String conversationId,
    String channel,
    DecisionView decision,
    ConfirmationView confirmation,
    ApprovalView approval,
    ResultView result,
    Instant createdAt,
    Instant updatedAt,
    String requestHash,
    String submittedBy) {

  /**
   * The same state with another status: a SUCCEEDED action later REVERSED keeps its completed run,
   * whose {@code state} query cannot change, so readers overlay the status from the action's list row.
   */
  public ActionState withStatus(ActionStatus newStatus) {
    return new ActionState(actionId, requestId, newStatus, type, params, actor, customer, conversationId, channel,
        decision, confirmation, approval, result, createdAt, updatedAt, requestHash, submittedBy);
  }

  /** The rule check's outcome as a client sees it. */
  public record DecisionView(Effect effect, long policyVersion, List<String> rules, String reason) {
    public static DecisionView of(Decision d) {
      return new DecisionView(d.effect(), d.policyVersion(), d.rules(), d.reason());
    }
  }

  /** The question put to the customer; {@code outcome} is null while waiting. */
  public record ConfirmationView(String text, Instant deadline, String outcome) {}

  /**
   * The approval in progress or done.
   *
   * @param tier 1-based index of the current tier
   * @param tiers how many tiers the rule has
   * @param roles roles that may approve at the current tier
   * @param required distinct approvers needed
   * @param deadline when the current tier's SLA runs out; null once decided
   */
  public record ApprovalView(
      int tier,
      int tiers,
      List<String> roles,
      int required,
      List<ApprovalGiven> approvals,
      Instant deadline,
      TimeoutOutcome onTimeout,
      String outcome) {}

  /**
   * One approval, bound to what it approved: the canonical hash of the action's type and parameters
   * and the policy version whose requirement it answered. It is never counted for other parameters
   * or a changed requirement. Both are null in histories recorded before approvals were bound.
   */
  public record ApprovalGiven(String approver, String comment, Instant at, String paramsHash, Long policyVersion) {
    public ApprovalGiven(String approver, String comment, Instant at) {
      this(approver, comment, at, null, null);
    }
  }

  /** Connector steps and their outcome; {@code error} says why the action FAILED. */
  public record ResultView(List<StepView> steps, String error) {}

  public record StepView(String operation, String state, Integer statusCode, String summary) {}
}

package com.governedactions.action;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One governed action, from rule check to terminal status (spec sections 2 and 7). Signals and the
 * update are checked by the workflow itself, because they can come straight from the Temporal CLI
 * or UI as well as through the REST API.
 */
@WorkflowInterface
public interface GovernedActionWorkflow {

  @WorkflowMethod(name = ActionIds.WORKFLOW_TYPE)
  ActionState run(GovernedActionInput input);

  @SignalMethod(name = "approve")
  void approve(Approve approve);

  @SignalMethod(name = "reject")
  void reject(Reject reject);

  @SignalMethod(name = "confirm")
  void confirm(Confirm confirm);

  @SignalMethod(name = "cancel")
  void cancel(Cancel cancel);

  /** The same JSON as {@code GET /api/v1/actions/{id}}. */
  @QueryMethod(name = "state")
  ActionState state();

  /**
   * The consent receipt of the confirmation asked for last; null when the action never needed one,
   * or asked before receipts existed. Its own query, not part of {@code state}, so the action's JSON
   * stays as it was and the receipt is read only by those who ask for it.
   */
  @QueryMethod(name = "consent")
  ConsentReceipt consent();

  /** Returns the state as soon as the rule check is done: what POST /actions answers with. */
  @UpdateMethod(name = "awaitDecision")
  ActionState awaitDecision(AwaitDecision request);

  /** A human input with an immediate answer: accepted, or refused and why. */
  @UpdateMethod(name = "decide")
  InputOutcome decide(HumanInput input);
}

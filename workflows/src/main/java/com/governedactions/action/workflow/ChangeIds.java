package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
/**
 * The {@code Workflow.getVersion} change ids of the GovernedAction workflow: each marks where the
 * workflow's commands changed, so that histories recorded before the change replay on the old path.
 * Never rename or remove one while such histories may still run or be replayed.
 */
final class ChangeIds {
  private ChangeIds() {}

  /** The rule check runs again before execution, and approvals are bound (issue 3). */
  static final String RECHECK_BEFORE_EXECUTION = "recheck-before-execution";

  /**
   * An audit write the store refuses as a conflict fails the workflow task (the workflow stays
   * open, retried and visible) instead of failing the workflow or an update.
   */
  static final String AUDIT_CONFLICT_FAILS_TASK = "audit-conflict-fails-task";

  /**
   * An accepted approval or confirmation answers once the main loop has acted on it (executing,
   * waiting for more, or ended), not the state of the moment it was recorded (issue 16).
   */
  static final String ANSWER_AFTER_INPUT_TAKES_EFFECT = "answer-after-input-takes-effect";

  /**
   * A request too incomplete to judge ({@link ActionRequest#problems()}: no actor, no type...) is
   * denied by the workflow itself, without a rule check (issue 12). Only such requests ask for it,
   * so every other action's commands are unchanged.
   */
  static final String DENY_INCOMPLETE_REQUEST = "deny-incomplete-request";

  /**
   * A confirmation keeps a consent receipt (issue 15): its id comes from {@code Workflow.randomUUID}
   * once the question is asked. Histories recorded before it ask without a receipt.
   */
  static final String CONSENT_RECEIPTS = "consent-receipts";
}

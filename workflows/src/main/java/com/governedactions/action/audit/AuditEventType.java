package com.governedactions.action.audit;

/** What happened. A timeout has its own type: it is never recorded as a human decision. */
public enum AuditEventType {
  REQUESTED,
  AUTO_FIRED,
  DENIED,
  ESCALATED,
  CONFIRMATION_REQUESTED,
  CONFIRMED,
  CANCELLED,
  CONFIRMATION_TIMED_OUT,
  APPROVAL_REQUESTED,
  APPROVED,
  REJECTED,
  APPROVAL_TIMED_OUT,
  INPUT_REFUSED,
  /** the rule check ran again before execution and asks for more than was given (a new wait) */
  POLICY_RECHECKED,
  EXECUTION_STARTED,
  STEP_SUCCEEDED,
  STEP_FAILED,
  COMPENSATED,
  COMPENSATION_FAILED,
  SUCCEEDED,
  FAILED,
  /** Appended to a SUCCEEDED action's trail once a governed reversal has undone it. */
  REVERSED,
  /** An unusual-activity alert: its own stream (action id {@code alert-<id>}), never an action's. */
  ALERT_RAISED
}

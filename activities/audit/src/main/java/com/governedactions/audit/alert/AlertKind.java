package com.governedactions.audit.alert;

/** What an unusual-activity alert saw. */
public enum AlertKind {
  /** An actor or a customer requested an action type far more often than it usually does. */
  UNUSUAL_RATE,
  /** An approval decided within seconds of being asked for: too fast to have been reviewed. */
  FAST_APPROVAL,
  /** One approver approved many actions and rejected none. */
  APPROVES_EVERYTHING,
  /** Several denied requests in one conversation: a sign of prompt injection. */
  REPEATED_DENIALS,
  /** Refunds each under the threshold whose sum is over it, for one customer: a split refund. */
  SPLIT_REFUNDS,
  /**
   * An auto-allowed path (actor, action type, amount band) reversed or compensated too often: the
   * lower bound of that rate crossed {@code governed.autonomy.regression-threshold}. Raised by the
   * autonomy module, with a tightening suggestion in its details.
   */
  AUTONOMY_REGRESSION
}

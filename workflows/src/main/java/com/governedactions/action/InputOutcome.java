package com.governedactions.action;

/**
 * Whether a human input was applied. A refused input changes nothing but is audited.
 *
 * @param refusal null when accepted
 * @param reason what was wrong, in words a caller can act on
 */
public record InputOutcome(boolean accepted, Refusal refusal, String reason, ActionState state) {
  public enum Refusal {
    /** separation of duties or a missing role: the caller may not do this (HTTP 403) */
    FORBIDDEN,
    /** the action is not waiting for this input (HTTP 409) */
    WRONG_STATE,
    /** the input itself is incomplete, for example a rejection without a reason (HTTP 422) */
    INVALID,
    /** a confirmation names the hash of another text than the one issued to the customer (HTTP 409) */
    CONSENT_MISMATCH
  }

  public static InputOutcome accepted(ActionState state) {
    return new InputOutcome(true, null, null, state);
  }

  public static InputOutcome refused(Refusal refusal, String reason, ActionState state) {
    return new InputOutcome(false, refusal, reason, state);
  }
}

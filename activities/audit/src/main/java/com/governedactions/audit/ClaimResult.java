package com.governedactions.audit;

/**
 * What became of a claim or an unclaim.
 *
 * @param claim the claim held now (after a claim: the caller's or the other holder's; after a
 *     refused unclaim: the other holder's); null when nobody holds one
 */
public record ClaimResult(Outcome outcome, ApprovalClaim claim) {
  public enum Outcome {
    /** The caller holds the claim now (newly or already). */
    CLAIMED,
    /** The claim is gone (or there was none). */
    RELEASED,
    /** Someone else holds it: nothing changed. */
    HELD_BY_OTHER,
    /** The action does not wait for approval (unknown or already decided): nothing changed. */
    NOT_PENDING
  }

  public boolean done() {
    return outcome == Outcome.CLAIMED || outcome == Outcome.RELEASED;
  }
}

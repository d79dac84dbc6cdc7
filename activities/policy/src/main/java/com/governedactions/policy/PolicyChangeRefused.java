package com.governedactions.policy;

/** A change to the stored policy versions that cannot be made; nothing was changed. */
public class PolicyChangeRefused extends RuntimeException {
  /** Why, so a caller can map it to a status code without reading the message. */
  public enum Reason {
    /** no such version */
    NOT_FOUND,
    /** the version is not waiting for a decision */
    NOT_PENDING,
    /** the author of a version cannot approve it (dual control needs a second person) */
    OWN_VERSION,
    /** another version was activated after this one was written; approving it would undo that */
    STALE
  }

  private final Reason reason;

  public PolicyChangeRefused(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package com.governedactions.action;

/** The lifecycle of an action (spec section 2). */
public enum ActionStatus {
  EVALUATING(false),
  AWAITING_CONFIRMATION(false),
  AWAITING_APPROVAL(false),
  EXECUTING(false),
  SUCCEEDED(true),
  FAILED(true),
  DENIED(true),
  REJECTED(true),
  CANCELLED(true),
  EXPIRED(true),
  ESCALATED(true),
  REVERSED(true);

  private final boolean terminal;

  ActionStatus(boolean terminal) {
    this.terminal = terminal;
  }

  /** SUCCEEDED is terminal too, although a later reversal can still turn it into REVERSED. */
  public boolean isTerminal() {
    return terminal;
  }
}

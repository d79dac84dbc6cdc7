package com.governedactions.api.action;

import com.governedactions.action.ActionState;

/**
 * What submitting a request came to.
 *
 * @param state the action's state after its rule check (CREATED, EXISTING), or the state of the
 *     action that already holds the requestId (CONFLICT)
 */
public record Submission(Outcome outcome, ActionState state) {
  public enum Outcome {
    /** this call started the action */
    CREATED,
    /** the same request was submitted before; nothing new was started */
    EXISTING,
    /** the requestId is taken by a different request; nothing was started */
    CONFLICT
  }
}

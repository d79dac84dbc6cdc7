package com.governedactions.action.workflow;

import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.action.connector.StepFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;

/** What a failed activity means to the workflow. */
final class ActivityFailures {
  private ActivityFailures() {}

  /** Why a connector step failed, as the connector said it or as Temporal saw it. */
  static StepFailure stepFailure(ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure app) {
      if (app.getDetails().getSize() > 0) {
        return app.getDetails().get(StepFailure.class);
      }
      return new StepFailure(null, app.getOriginalMessage());
    }
    if (failure.getCause() instanceof TimeoutFailure timeout) {
      return new StepFailure(null, "no answer before the retry deadline (" + timeout.getTimeoutType() + ")");
    }
    return new StepFailure(null, String.valueOf(failure.getCause()));
  }

  /** The audit store already holds other events under the same (action id, seq). */
  static boolean isAuditConflict(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        && ConnectorErrors.AUDIT_CONFLICT.type().equals(app.getType());
  }

  /**
   * Stops the workflow task of {@code actionId} after an audit conflict. Not a TemporalFailure, so
   * Temporal fails the workflow task and retries it: the workflow neither ends nor moves on without
   * its events, and the failure shows in the Temporal UI.
   */
  static IllegalStateException auditConflictStops(String actionId, ActivityFailure failure) {
    return new IllegalStateException(
        "action " + actionId + " stopped: its audit trail already holds other events under the same"
            + " (action id, seq); nothing more runs until that is resolved. " + failure.getCause().getMessage(),
        failure);
  }
}

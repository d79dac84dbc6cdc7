package com.governedactions.action.workflow;

import com.governedactions.action.ActionSearchAttributes;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.workflow.Journal.Entry;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditEventType;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * Makes what happens to an action visible outside the workflow: its audit events, collected in the
 * {@link Journal} and written in batches through the audit local activity, and its status, mirrored
 * into Temporal's search attributes. Workflow code: it runs on the workflow's thread.
 */
final class ActionRecorder {
  private final AuditActivities audit =
      Workflow.newLocalActivityStub(AuditActivities.class, ActionActivityOptions.AUDIT);
  private final ActionProgress progress;
  private final Journal journal;

  ActionRecorder(ActionProgress progress) {
    this.progress = progress;
    this.journal =
        new Journal(progress.actionId(), progress.request(), progress.requestHash(), progress.createdAt());
  }

  /** Records {@code entry} as of now, under the status and decision of the moment. */
  void record(Entry entry) {
    Instant at = now();
    progress.touch(at);
    journal.append(entry, at, progress.status(), progress.decision());
  }

  /** Every status change goes through here, so the Temporal UI's view never lags the state. */
  void moveTo(ActionStatus next) {
    progress.moveTo(next);
    statusChanged();
  }

  /** The status has changed in the state: show it in the search attributes. */
  void statusChanged() {
    Workflow.upsertTypedSearchAttributes(ActionSearchAttributes.STATUS.valueSet(progress.status().name()));
  }

  /** Moves to {@code status} and records why. */
  void end(ActionStatus status, AuditEventType type, String detail) {
    moveTo(status);
    record(Entry.auto(type, detail));
  }

  /**
   * Writes every event not yet written. The run id and the approval stage are only the activity's
   * input, no command, so histories recorded before either existed replay unchanged.
   */
  void flush() {
    try {
      journal.flush(audit, progress.approval().stage(), Workflow.getInfo().getRunId());
    } catch (ActivityFailure failure) {
      if (ActivityFailures.isAuditConflict(failure)
          && Workflow.getVersion(ChangeIds.AUDIT_CONFLICT_FAILS_TASK, Workflow.DEFAULT_VERSION, 1) == 1) {
        throw ActivityFailures.auditConflictStops(progress.actionId(), failure);
      }
      throw failure;
    }
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}

package com.governedactions.action.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes audit events and the action's list row in one transaction. Idempotent: events are unique
 * on (action id, sequence), so a retried write of the same events never duplicates one. Other
 * content under a stored (action id, sequence), or a batch of another workflow run, fails with the
 * non-retryable type {@code AuditConflict} ({@code ConnectorErrors.AUDIT_CONFLICT}) and writes
 * nothing.
 */
@ActivityInterface
public interface AuditActivities {
  @ActivityMethod(name = "RecordAudit")
  void record(AuditBatch batch);
}

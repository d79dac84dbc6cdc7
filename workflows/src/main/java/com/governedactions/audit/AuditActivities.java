package com.governedactions.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes audit events and the action's list row in one transaction. Idempotent: events are unique
 * on (action id, sequence), so a retried or replayed write never duplicates one.
 */
@ActivityInterface
public interface AuditActivities {
  @ActivityMethod(name = "RecordAudit")
  void record(AuditBatch batch);
}

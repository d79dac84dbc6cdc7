package com.governedactions.audit;

import com.governedactions.action.ActionRequest;
import java.time.Instant;
import java.util.List;

/**
 * Events to write for one action, with the request they belong to (for the action's list row).
 * Redaction happens in the writer, before anything reaches the database.
 */
public record AuditBatch(String actionId, ActionRequest request, Instant createdAt, List<AuditEvent> events) {
  public AuditBatch {
    events = List.copyOf(events);
  }
}

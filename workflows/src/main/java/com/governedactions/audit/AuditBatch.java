package com.governedactions.audit;

import com.governedactions.action.ActionRequest;
import java.time.Instant;
import java.util.List;

/**
 * Events to write for one action, with the request they belong to (for the action's list row).
 * Redaction happens in the writer, before anything reaches the database.
 *
 * @param requestHash {@code CanonicalHash.ofRequest(request)}, computed once by the workflow rather
 *     than again for every batch
 */
public record AuditBatch(
    String actionId, ActionRequest request, String requestHash, Instant createdAt, List<AuditEvent> events) {
  public AuditBatch {
    events = List.copyOf(events);
  }
}

package com.governedactions.action.audit;

import com.governedactions.action.ActionRequest;
import java.time.Instant;
import java.util.List;

/**
 * Events to write for one action, with the request they belong to (for the action's list row).
 * Redaction happens in the writer, before anything reaches the database.
 *
 * @param requestHash {@code CanonicalHash.ofRequest(request)}, computed once by the workflow rather
 *     than again for every batch
 * @param approval the approval stage after the batch's last event; null before any approval was
 *     asked for, and in batches written by workers older than this field
 * @param runId the Temporal run that recorded the events; the writer takes events already stored
 *     for a retry only from the run that stored them. Null for writes that are no workflow's (a
 *     reversal, an alert) and in batches written by workers older than this field
 */
public record AuditBatch(
    String actionId,
    ActionRequest request,
    String requestHash,
    Instant createdAt,
    List<AuditEvent> events,
    ApprovalStage approval,
    String runId) {
  public AuditBatch {
    events = List.copyOf(events);
  }

  /** A batch that no workflow run wrote, or from a worker that did not say which run. */
  public AuditBatch(
      String actionId, ActionRequest request, String requestHash, Instant createdAt, List<AuditEvent> events,
      ApprovalStage approval) {
    this(actionId, request, requestHash, createdAt, events, approval, null);
  }

  /** A batch of an action that has not reached an approval. */
  public AuditBatch(
      String actionId, ActionRequest request, String requestHash, Instant createdAt, List<AuditEvent> events) {
    this(actionId, request, requestHash, createdAt, events, null, null);
  }
}

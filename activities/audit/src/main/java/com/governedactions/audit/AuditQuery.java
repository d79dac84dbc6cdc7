package com.governedactions.audit;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import java.time.Instant;

/**
 * Filter for {@code GET /api/v1/audit} and its CSV export (spec section 8). Null fields do not
 * filter; all given fields must match.
 *
 * @param from inclusive lower bound on the event's {@code occurredAt}
 * @param to exclusive upper bound on {@code occurredAt}
 * @param actor the requester of the action (the actor in the request)
 * @param limit page size, 1..{@value AuditSearchRepository#MAX_LIMIT}; for an export, 0 means all
 * @param cursor the previous page's {@link AuditPage#nextCursor()}, or null for the first page
 */
public record AuditQuery(
    ActionStatus status,
    AuditEventType event,
    Instant from,
    Instant to,
    String conversationId,
    String actionType,
    String actor,
    String customerId,
    int limit,
    String cursor) {

  /** The same filter with another page size and cursor. */
  public AuditQuery page(int limit, String cursor) {
    return new AuditQuery(status, event, from, to, conversationId, actionType, actor, customerId, limit, cursor);
  }
}

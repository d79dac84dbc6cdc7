package com.governedactions.audit;

import java.time.Instant;
import java.util.List;

/**
 * One row of the queue by deadline, all from the action row: the pending approval and what the
 * inbox shows beside it.
 *
 * @param requesterKind the requester's actor type ({@code ai}, {@code human}, ...), or null
 * @param rules the rules the latest rule check matched (empty if none is recorded)
 * @param reason the request's {@code reason} as stored; null when there is none or it was stored
 *     redacted (free text of a destructive type is kept as a hash and a length only)
 * @param reasonRedacted whether the reason was stored redacted
 * @param askedAt when the current tier was asked (the start of its SLA window), or null
 * @param claimedBy who claimed it, or null
 */
public record QueuedApproval(
    PendingApproval item, String requesterKind, List<String> rules, String reason, boolean reasonRedacted,
    Instant askedAt, String claimedBy) {
  public QueuedApproval {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}

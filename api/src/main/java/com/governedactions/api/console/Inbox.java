package com.governedactions.api.console;

import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.audit.DeadlineQuery;
import com.governedactions.audit.QueuedApproval;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The approvals inbox: what the signed-in person's roles may decide now (the eligibility of {@code
 * GET /api/v1/approvals}), soonest SLA deadline first (an action without a recorded deadline last),
 * with the filter as the query's WHERE clause. One query for the page ({@link #PAGE} rows), every
 * value from PostgreSQL: no audit-trail read and no workflow query per row, so the page costs the
 * same at 10 or 10,000 pending (bench/run-inbox.sh).
 *
 * <p>The request's reason is the stored request's: free text of a destructive type is stored as a
 * hash and a length only (docs/audit-search.md), so its row says so and the action page shows the
 * words from the run's state.
 */
@Component
class Inbox {
  static final int PAGE = ApprovalQueueRepository.MAX_LIMIT;
  static final String REDACTED_REASON = "(kept redacted: on the action page)";

  private final ApprovalQueueRepository queue;
  private final Clock clock;

  @Autowired
  Inbox(ApprovalQueueRepository queue) {
    this(queue, Clock.systemUTC());
  }

  Inbox(ApprovalQueueRepository queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /** The first page for {@code me} with these roles; a filter that does not parse reads nothing. */
  List<InboxRow> rows(List<String> roles, InboxFilter filter, String me) {
    if (!filter.valid()) {
      return List.of();
    }
    DeadlineQuery query = new DeadlineQuery(roles, filter.type(), filter.minAmount(), filter.maxAmount(),
        filter.breachedOnly(), filter.mine() ? me : null, PAGE);
    Instant now = clock.instant();
    return queue.byDeadline(query).stream().map(item -> row(item, now)).toList();
  }

  private static InboxRow row(QueuedApproval queued, Instant now) {
    Countdown countdown = Countdown.of(queued.askedAt(), queued.item().deadline(), now);
    String kind = queued.requesterKind() == null ? "" : queued.requesterKind();
    String reason = queued.reasonRedacted() ? REDACTED_REASON : queued.reason() == null ? "" : queued.reason();
    return InboxRow.of(queued.item(), kind, countdown, queued.rules(), reason).withClaimedBy(queued.claimedBy());
  }
}

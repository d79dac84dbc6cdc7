package com.governedactions.api.console;

import com.governedactions.audit.ActionListItem;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.PendingApproval;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The approvals inbox: what the signed-in person's roles may decide now, from the same queue as
 * {@code GET /api/v1/approvals}, soonest SLA deadline first (an action without a recorded deadline
 * last). One page of the queue ({@link ApprovalQueueRepository#MAX_LIMIT} actions) for now.
 */
@Component
class Inbox {
  private final ApprovalQueueRepository queue;
  private final ActionListRepository list;
  private final ActionTrail trails;
  private final Clock clock;

  Inbox(ApprovalQueueRepository queue, ActionListRepository list, ActionTrail trails) {
    this.queue = queue;
    this.list = list;
    this.trails = trails;
    this.clock = Clock.systemUTC();
  }

  List<InboxRow> forRoles(List<String> roles) {
    Instant now = clock.instant();
    return queue.pending(roles, ApprovalQueueRepository.MAX_LIMIT, null).items().stream()
        .sorted(Comparator.comparing(PendingApproval::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PendingApproval::createdAt))
        .map(item -> row(item, now))
        .toList();
  }

  private InboxRow row(PendingApproval item, Instant now) {
    List<AuditRecord> trail = trails.of(item.actionId(), item.conversationId(), item.type());
    String kind = list.findById(item.actionId()).map(ActionListItem::actorType).orElse("?");
    Countdown countdown = Countdown.of(ActionTrail.askedAt(trail), item.deadline(), now);
    return InboxRow.of(item, kind, countdown, ActionTrail.rules(trail), trails.reason(trail).orElse(""));
  }
}

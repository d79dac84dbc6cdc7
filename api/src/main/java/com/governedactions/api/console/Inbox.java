package com.governedactions.api.console;

import com.governedactions.action.ActionState;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.action.ActionService;
import com.governedactions.audit.ApprovalClaim;
import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.PendingApproval;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The approvals inbox: what the signed-in person's roles may decide now, from the same queue as
 * {@code GET /api/v1/approvals}, soonest SLA deadline first (an action without a recorded deadline
 * last). One page of the queue ({@link ApprovalQueueRepository#MAX_LIMIT} actions) for now.
 *
 * <p>The request's reason and the requester's kind come from the run's state, as {@code GET
 * /api/v1/actions/{id}} reads it: the audit trail keeps free text redacted. The SLA window starts
 * when the trail says the current tier was asked. Two look-ups per row: fine for a first page, not
 * yet for the 10,000-pending benchmark of issue 13. Each row says who claimed it (one read for the page).
 */
@Component
class Inbox {
  private final ApprovalQueueRepository queue;
  private final ActionService actions;
  private final ActionTrail trails;
  private final ApprovalClaimRepository claims;
  private final Clock clock;

  Inbox(ApprovalQueueRepository queue, ActionService actions, ActionTrail trails, ApprovalClaimRepository claims) {
    this.queue = queue;
    this.claims = claims;
    this.actions = actions;
    this.trails = trails;
    this.clock = Clock.systemUTC();
  }

  List<InboxRow> forRoles(List<String> roles) {
    Instant now = clock.instant();
    List<PendingApproval> items = queue.pending(roles, ApprovalQueueRepository.MAX_LIMIT, null).items();
    Map<String, ApprovalClaim> held = claims.held(items.stream().map(PendingApproval::actionId).toList());
    return items.stream()
        .sorted(Comparator.comparing(PendingApproval::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PendingApproval::createdAt))
        .map(item -> {
          ApprovalClaim claim = held.get(item.actionId());
          return row(item, now).withClaimedBy(claim == null ? null : claim.claimedBy());
        })
        .toList();
  }

  private InboxRow row(PendingApproval item, Instant now) {
    List<AuditRecord> trail = trails.of(item.actionId(), item.conversationId(), item.type());
    Countdown countdown = Countdown.of(ActionTrail.askedAt(trail), item.deadline(), now);
    ActionState state;
    try {
      state = actions.state(item.actionId());
    } catch (ApiProblem unavailable) {
      // Temporal slow or the run gone: the row still shows what PostgreSQL knows.
      return InboxRow.of(item, "", countdown, ActionTrail.rules(trail), "");
    }
    String kind = state.actor() == null || state.actor().type() == null
        ? "" : state.actor().type().name().toLowerCase(java.util.Locale.ROOT);
    List<String> rules = state.decision() == null ? ActionTrail.rules(trail) : state.decision().rules();
    Object reason = state.params() == null ? null : state.params().get("reason");
    return InboxRow.of(item, kind, countdown, rules, reason == null ? "" : String.valueOf(reason));
  }
}

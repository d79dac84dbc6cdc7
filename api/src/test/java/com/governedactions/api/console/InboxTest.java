package com.governedactions.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.audit.DeadlineQuery;
import com.governedactions.audit.PendingApproval;
import com.governedactions.audit.QueuedApproval;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inbox asks the queue once, with its filter as the query, and shows what PostgreSQL holds. */
class InboxTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private final ApprovalQueueRepository queue = mock(ApprovalQueueRepository.class);
  private final Inbox inbox = new Inbox(queue, Clock.fixed(NOW, ZoneOffset.UTC));

  private static QueuedApproval queued(String id, boolean redacted, String claimedBy) {
    Instant deadline = NOW.plus(Duration.ofMinutes(30));
    PendingApproval item = new PendingApproval(id, "refund", "support-bot", "C-42", "conv-1", new BigDecimal("89.50"),
        "USD", NOW.minus(Duration.ofHours(4)), 2, 2, List.of("MANAGER"), 1, List.of("alice"), deadline,
        Duration.ofMinutes(30), false);
    return new QueuedApproval(item, "ai", List.of("refund-over-50"), redacted ? null : "damaged", redacted,
        NOW.minus(Duration.ofMinutes(270)), claimedBy);
  }

  @Test
  void given_aFilter_when_theRowsAreRead_then_itIsTheQuerysWhereClause_andOnePageIsAsked() {
    when(queue.byDeadline(any())).thenReturn(List.of());

    inbox.rows(List.of("MANAGER"), InboxFilter.parse(" Refund ", "50", "100.00", "true", "on"), "maria");

    verify(queue).byDeadline(new DeadlineQuery(List.of("MANAGER"), "Refund", new BigDecimal("50"),
        new BigDecimal("100.00"), true, "maria", Inbox.PAGE));
  }

  @Test
  void given_noFilter_when_theRowsAreRead_then_noFilterIsAsked() {
    when(queue.byDeadline(any())).thenReturn(List.of());

    inbox.rows(List.of("SUPERVISOR"), InboxFilter.NONE, "alice");

    verify(queue).byDeadline(DeadlineQuery.of(List.of("SUPERVISOR"), Inbox.PAGE));
  }

  @Test
  void given_queuedRows_when_shown_then_everyValueFromTheRow_andTheSlaWindowFromWhenTheTierWasAsked() {
    when(queue.byDeadline(any())).thenReturn(List.of(queued("a-1", false, "maria"), queued("a-2", true, null)));

    List<InboxRow> rows = inbox.rows(List.of("MANAGER"), InboxFilter.NONE, "maria");

    assertThat(rows).extracting(InboxRow::actionId).containsExactly("a-1", "a-2");
    InboxRow first = rows.get(0);
    assertThat(first.requesterKind()).isEqualTo("ai");
    assertThat(first.rules()).containsExactly("refund-over-50");
    assertThat(first.reason()).isEqualTo("damaged");
    assertThat(first.tier()).isEqualTo(2);
    assertThat(first.approvedBy()).containsExactly("alice");
    assertThat(first.claimedBy()).isEqualTo("maria");
    // 30 minutes left of a 5-hour window: 10%, near breach.
    assertThat(first.countdown().nearBreach()).isTrue();
    assertThat(first.countdown().breached()).isFalse();
    assertThat(rows.get(1).reason()).isEqualTo(Inbox.REDACTED_REASON);
    assertThat(rows.get(1).claimedBy()).isNull();
  }

  @Test
  void given_aFilterThatDoesNotParse_when_theRowsAreRead_then_nothingIsRead() {
    assertThat(inbox.rows(List.of("MANAGER"), InboxFilter.parse(null, "12,5O", null, null, null), "maria")).isEmpty();
    verifyNoInteractions(queue);
  }
}

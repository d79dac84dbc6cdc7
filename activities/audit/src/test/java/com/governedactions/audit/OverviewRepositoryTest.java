package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.audit.ApprovalStage;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The overview's counts against the real database. Each test writes one day of its own, picked at
 * random in the 1950s–1970s, so no other test's rows fall in its range; the deciders' names are its own too.
 */
class OverviewRepositoryTest {
  private final Instant day = Instant.parse("1950-01-01T00:00:00Z")
      .plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(0, 9000)));
  private final String prefix = TestDatabase.uniquePrefix("overview");
  private final String alice = "alice-" + UUID.randomUUID();
  private final String maria = "maria-" + UUID.randomUUID();
  private final AuditActivitiesImpl writer = TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  private final OverviewRepository overview = new OverviewRepository(TestDatabase.CLIENT);

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_aDayOfApprovals_when_overviewed_then_statusesOfItsActions_breaches_overdue_decidersAndMedianTimeToDecision() {
    Instant now = day.plus(Duration.ofHours(23));
    long overdueBefore = overview.overview(day, day.plus(Duration.ofDays(1)), now).overdueNow();

    // approved by alice after 60 s
    write("approved", day.plus(Duration.ofHours(1)), null,
        e(AuditEventType.APPROVED, ActionStatus.EXECUTING, 60, alice),
        e(AuditEventType.SUCCEEDED, ActionStatus.SUCCEEDED, 61, null));
    // rejected by alice after 300 s
    write("rejected", day.plus(Duration.ofHours(2)), null,
        e(AuditEventType.REJECTED, ActionStatus.REJECTED, 300, alice));
    // still waiting, its tier's deadline long past: overdue now
    write("overdue", day.plus(Duration.ofHours(3)), day.plus(Duration.ofHours(4)));
    // tier 1 breached and escalated: waiting at tier 2, not overdue yet
    write("escalated", day.plus(Duration.ofHours(4)), day.plus(Duration.ofHours(30)),
        e(AuditEventType.APPROVAL_TIMED_OUT, ActionStatus.AWAITING_APPROVAL, 4 * 3600, null));
    // requested the day before, approved today by alice and maria after 70 min: decided today, not created today
    write("yesterday", day.minus(Duration.ofMinutes(60)), null,
        e(AuditEventType.APPROVED, ActionStatus.AWAITING_APPROVAL, 3600, maria),
        e(AuditEventType.APPROVED, ActionStatus.EXECUTING, 4200, alice));
    // the next day: counts nowhere
    write("tomorrow", day.plus(Duration.ofHours(25)), null,
        e(AuditEventType.APPROVED, ActionStatus.EXECUTING, 10, alice),
        e(AuditEventType.APPROVAL_TIMED_OUT, ActionStatus.EXECUTING, 11, null));

    Overview today = overview.overview(day, day.plus(Duration.ofDays(1)), now);

    assertThat(today.byStatus()).containsExactly(
        Map.entry("AWAITING_APPROVAL", 2L), Map.entry("REJECTED", 1L), Map.entry("SUCCEEDED", 1L));
    assertThat(today.created()).isEqualTo(4);
    assertThat(today.slaBreaches()).isEqualTo(1);
    assertThat(today.overdueNow() - overdueBefore).isEqualTo(1);
    assertThat(today.deciders()).containsExactly(new Overview.Decider(alice, 2, 1), new Overview.Decider(maria, 1, 0));
    assertThat(today.decided()).isEqualTo(3);
    assertThat(today.medianSecondsToDecision()).as("of 60 s, 300 s and 4,200 s").isEqualTo(300.0);
  }

  @Test
  void given_aDayWithoutActions_when_overviewed_then_zeros_andNoMedian() {
    Overview empty = overview.overview(day, day.plus(Duration.ofDays(1)), day);

    assertThat(empty.byStatus()).isEmpty();
    assertThat(empty.slaBreaches()).isZero();
    assertThat(empty.deciders()).isEmpty();
    assertThat(empty.decided()).isZero();
    assertThat(empty.medianSecondsToDecision()).isNull();
  }

  @Test
  void given_aRangeEndingBeforeItStarts_when_overviewed_then_refused() {
    assertThatThrownBy(() -> overview.overview(day, day, day)).isInstanceOf(IllegalArgumentException.class);
  }

  /** An event {@code seconds} after the action was created; the seq is given by {@link #write}. */
  private record Step(AuditEventType type, ActionStatus status, long seconds, String decidedBy) {}

  private static Step e(AuditEventType type, ActionStatus status, long seconds, String decidedBy) {
    return new Step(type, status, seconds, decidedBy);
  }

  /** REQUESTED and APPROVAL_REQUESTED at creation, then the steps; the stage's deadline when one is given. */
  private void write(String name, Instant createdAt, Instant deadline, Step... steps) {
    String actionId = prefix + name;
    ActionRequest request = refund(actionId, "conv-" + name);
    List<AuditEvent> events = new ArrayList<>();
    events.add(event(request, actionId, 1, createdAt, AuditEventType.REQUESTED, ActionStatus.EVALUATING, null));
    events.add(event(request, actionId, 2, createdAt, AuditEventType.APPROVAL_REQUESTED,
        ActionStatus.AWAITING_APPROVAL, null));
    for (Step step : steps) {
      events.add(event(request, actionId, events.size() + 1, createdAt.plusSeconds(step.seconds()), step.type(),
          step.status(), step.decidedBy()));
    }
    ApprovalStage stage = deadline == null ? null : new ApprovalStage(1, 2, List.of("SUPERVISOR"), 1, List.of(), deadline);
    writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), createdAt, events, stage));
  }

  private static AuditEvent event(ActionRequest request, String actionId, int seq, Instant at, AuditEventType type,
      ActionStatus status, String decidedBy) {
    return new AuditEvent(actionId, seq, at, type, request.type(), status, request.actor().id(),
        decidedBy == null ? AuditEvent.AUTO : decidedBy, request.conversationId(), request.customer().id(),
        request.params(), null, null, null, 7L, List.of("refund-confirm"),
        type == AuditEventType.REJECTED ? "not this one" : null, null);
  }
}

package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.event;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The approvals queue as the audit writer leaves it. Each test uses roles of its own and actions
 * created in 1990, so rows of other tests in the same database neither match nor come first.
 */
class ApprovalQueueRepositoryTest {
  private static final Instant T0 = Instant.parse("1990-01-01T09:00:00Z");
  private final String prefix = TestDatabase.uniquePrefix("queue");
  private final String supervisor = "SUPERVISOR_" + UUID.randomUUID().toString().replace("-", "");
  private final String manager = "MANAGER_" + UUID.randomUUID().toString().replace("-", "");
  private final AuditActivitiesImpl writer = TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  private ApprovalQueueRepository queueAt(Instant now) {
    return new ApprovalQueueRepository(TestDatabase.CLIENT, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** An action that asked for approval at tier 1 (supervisors, 4 h), created at {@code createdAt}. */
  private String awaitingApproval(String name, Instant createdAt) {
    String actionId = prefix + name;
    ActionRequest request = refund(actionId, "conv-" + name);
    writer.record(batchOf(actionId, request, createdAt,
        stage(1, supervisor, createdAt.plus(Duration.ofHours(4)), List.of()),
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));
    return actionId;
  }

  private ApprovalStage stage(int tier, String role, Instant deadline, List<String> approvedBy) {
    return new ApprovalStage(tier, 2, List.of(role), 1, approvedBy, deadline);
  }

  private static AuditBatch batchOf(
      String actionId, ActionRequest request, Instant createdAt, ApprovalStage stage, AuditEvent... events) {
    return new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), createdAt, List.of(events), stage);
  }

  private List<String> ids(ApprovalQueuePage page) {
    return page.items().stream().map(PendingApproval::actionId).filter(id -> id.startsWith(prefix)).toList();
  }

  @Test
  void given_pendingActions_when_listed_then_oldestFirstWithTierRolesAndDeadline() {
    String newer = awaitingApproval("newer", T0.plusSeconds(60));
    String older = awaitingApproval("older", T0);

    ApprovalQueuePage page = queueAt(T0.plusSeconds(120)).pending(List.of(supervisor), 50, null);

    assertThat(ids(page)).containsExactly(older, newer);
    PendingApproval first = page.items().stream().filter(p -> p.actionId().equals(older)).findFirst().orElseThrow();
    assertThat(first.tier()).isEqualTo(1);
    assertThat(first.tiers()).isEqualTo(2);
    assertThat(first.roles()).containsExactly(supervisor);
    assertThat(first.required()).isEqualTo(1);
    assertThat(first.approvedBy()).isEmpty();
    assertThat(first.deadline()).isEqualTo(T0.plus(Duration.ofHours(4)));
    assertThat(first.type()).isEqualTo("refund");
    assertThat(first.amount()).hasToString("89.50");
  }

  @Test
  void given_morePendingThanTheLimit_when_pagedWithTheCursor_then_everyActionOnceInOrder() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(awaitingApproval("paged-" + i, T0.plusSeconds(i)));
    }
    ApprovalQueueRepository queue = queueAt(T0.plusSeconds(60));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      ApprovalQueuePage page = queue.pending(List.of(supervisor), 2, cursor);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(ids(page));
      cursor = page.nextCursor();
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void given_roleFilter_when_listed_then_onlyActionsThatRoleMayDecideNow() {
    String forSupervisors = awaitingApproval("sup", T0);

    assertThat(ids(queueAt(T0).pending(List.of(supervisor), 50, null))).containsExactly(forSupervisors);
    assertThat(ids(queueAt(T0).pending(List.of(manager), 50, null))).isEmpty();
    assertThat(ids(queueAt(T0).pending(List.of(manager, supervisor), 50, null))).containsExactly(forSupervisors);
  }

  @Test
  void given_fixedClock_when_listed_then_timeLeftCountsDownAndBreachedOnlyPastTheDeadline() {
    awaitingApproval("sla", T0);

    PendingApproval early = queueAt(T0.plus(Duration.ofMinutes(90))).pending(List.of(supervisor), 50, null).items().get(0);
    PendingApproval atDeadline = queueAt(T0.plus(Duration.ofHours(4))).pending(List.of(supervisor), 50, null).items().get(0);
    PendingApproval late = queueAt(T0.plus(Duration.ofHours(5))).pending(List.of(supervisor), 50, null).items().get(0);

    assertThat(early.timeLeft()).isEqualTo(Duration.ofMinutes(150));
    assertThat(early.breached()).isFalse();
    assertThat(atDeadline.timeLeft()).isEqualTo(Duration.ZERO);
    assertThat(atDeadline.breached()).isTrue();
    assertThat(late.timeLeft()).isEqualTo(Duration.ZERO);
    assertThat(late.breached()).isTrue();
  }

  @Test
  void given_slaBreached_when_workflowEscalates_then_rowMovesToTheNextTierAndAnOldRetryDoesNotRewindIt() {
    String actionId = prefix + "escalated";
    ActionRequest request = refund(actionId, "conv-esc");
    AuditBatch tierOne = batchOf(actionId, request, T0, stage(1, supervisor, T0.plus(Duration.ofHours(4)), List.of()),
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL));
    writer.record(tierOne);

    Instant tierTwoDeadline = T0.plus(Duration.ofHours(12));
    writer.record(batchOf(actionId, request, T0, stage(2, manager, tierTwoDeadline, List.of()),
        event(request, actionId, 3, AuditEventType.APPROVAL_TIMED_OUT, ActionStatus.AWAITING_APPROVAL),
        event(request, actionId, 4, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));
    writer.record(tierOne); // a late retry of the first batch

    Instant now = T0.plus(Duration.ofHours(5));
    assertThat(ids(queueAt(now).pending(List.of(supervisor), 50, null))).isEmpty();
    PendingApproval escalated = queueAt(now).pending(List.of(manager), 50, null).items().get(0);
    assertThat(escalated.actionId()).isEqualTo(actionId);
    assertThat(escalated.tier()).isEqualTo(2);
    assertThat(escalated.roles()).containsExactly(manager);
    assertThat(escalated.deadline()).isEqualTo(tierTwoDeadline);
    assertThat(escalated.breached()).isFalse();
    assertThat(escalated.timeLeft()).isEqualTo(Duration.ofHours(7));
  }

  @Test
  void given_approvedAndExecuting_when_listed_then_leftTheQueue() {
    String actionId = awaitingApproval("done", T0);
    ActionRequest request = refund(actionId, "conv-done");
    writer.record(batchOf(actionId, request, T0, stage(1, supervisor, null, List.of("alice")),
        event(request, actionId, 3, AuditEventType.APPROVED, ActionStatus.AWAITING_APPROVAL),
        event(request, actionId, 4, AuditEventType.EXECUTION_STARTED, ActionStatus.EXECUTING)));

    assertThat(ids(queueAt(T0).pending(List.of(supervisor), 50, null))).isEmpty();
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT approved_by[1] FROM governed.action WHERE action_id = ?", String.class, actionId))
        .isEqualTo("alice");
  }

  @Test
  void given_pendingWithoutARecordedStage_when_filteredByAnyRole_then_stillListedSoNothingIsHidden() {
    String actionId = prefix + "legacy";
    ActionRequest request = refund(actionId, "conv-legacy");
    writer.record(batchOf(actionId, request, T0, null,
        event(request, actionId, 1, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));

    PendingApproval legacy = queueAt(T0).pending(List.of(manager), 200, null).items().stream()
        .filter(p -> p.actionId().equals(actionId)).findFirst().orElseThrow();

    assertThat(legacy.tier()).isNull();
    assertThat(legacy.breached()).isFalse();
  }

  @Test
  void given_batchWrittenWithoutItsStage_when_retriedWithIt_then_stageRecordedAndStatusUnchanged() {
    String actionId = prefix + "retried-stage";
    ActionRequest request = refund(actionId, "conv-retried");
    AuditEvent asked = event(request, actionId, 1, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL);
    writer.record(batchOf(actionId, request, T0, null, asked)); // an older worker's attempt

    writer.record(batchOf(actionId, request, T0, stage(1, supervisor, T0.plus(Duration.ofHours(4)), List.of()), asked));

    PendingApproval pending = queueAt(T0).pending(List.of(supervisor), 200, null).items().stream()
        .filter(p -> p.actionId().equals(actionId)).findFirst().orElseThrow();
    assertThat(pending.tier()).isEqualTo(1);
    assertThat(pending.roles()).containsExactly(supervisor);
    assertThat(TestDatabase.JDBC.queryForMap(
            "SELECT status, last_seq FROM governed.action WHERE action_id = ?", actionId))
        .containsEntry("status", "AWAITING_APPROVAL").containsEntry("last_seq", 1);
  }

  @Test
  void given_foreignCursor_when_listed_then_refusedAsInvalid() {
    assertThatThrownBy(() -> queueAt(T0).pending(List.of(), 10, "bm90LWEtY3Vyc29y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor is not valid");
  }
}

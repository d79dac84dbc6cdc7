package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.audit.ApprovalStage;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console inbox's queue query (issue 13): soonest deadline first, the filters as its WHERE
 * clause, eligibility as the REST queue, every shown value from the action row. Each test uses a
 * role of its own, so other tests' rows in the same database never match.
 */
class ApprovalQueueByDeadlineTest {
  private static final Instant T0 = Instant.parse("1990-01-01T09:00:00Z");
  private final String prefix = TestDatabase.uniquePrefix("deadline");
  private final String supervisor = "SUPERVISOR_" + UUID.randomUUID().toString().replace("-", "");
  private final String manager = "MANAGER_" + UUID.randomUUID().toString().replace("-", "");
  private final AuditActivitiesImpl writer = TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  private final ApprovalClaimRepository claims =
      new ApprovalClaimRepository(TestDatabase.CLIENT, Clock.fixed(T0, ZoneOffset.UTC));

  @AfterEach
  void deleteRows() {
    TestDatabase.JDBC.update("DELETE FROM governed.approval_claim WHERE action_id LIKE ?", prefix + "%");
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  private static ApprovalQueueRepository queueAt(Instant now) {
    return new ApprovalQueueRepository(TestDatabase.CLIENT, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** A pending action of {@code type} for {@code amount} USD, asked at tier 1 of {@code role} until {@code deadline}. */
  private String pending(String name, String type, String amount, Instant createdAt, Instant deadline, String role) {
    String actionId = prefix + name;
    ActionRequest request = AuditFixtures.request(actionId, type, "conv-" + name,
        Map.of("orderId", "A-1001", "amount", amount, "currency", "USD", "reason", "damaged " + name));
    writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), createdAt, List.of(
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)),
        new ApprovalStage(1, 2, List.of(role), 1, List.of(), deadline)));
    return actionId;
  }

  private String pending(String name, Instant deadline) {
    return pending(name, "credit", "50.00", T0, deadline, supervisor);
  }

  private List<String> ids(List<QueuedApproval> rows) {
    return rows.stream().map(row -> row.item().actionId()).toList();
  }

  private List<String> ids(DeadlineQuery query, Instant now) {
    return ids(queueAt(now).byDeadline(query));
  }

  private DeadlineQuery mine(String type, String min, String max, boolean breached, String claimedBy) {
    return new DeadlineQuery(List.of(supervisor), type, min == null ? null : new BigDecimal(min),
        max == null ? null : new BigDecimal(max), breached, claimedBy, 200);
  }

  @Test
  void given_pendingWithDifferentDeadlines_when_listedByDeadline_then_soonestFirst_tiesOldestFirst_noDeadlineLast() {
    String late = pending("late", "credit", "10.00", T0, T0.plus(Duration.ofHours(3)), supervisor);
    String none = pending("none", "credit", "10.00", T0.minusSeconds(60), null, supervisor);
    String soonNewer = pending("soon-newer", "credit", "10.00", T0.plusSeconds(30), T0.plus(Duration.ofHours(1)), supervisor);
    String soonOlder = pending("soon-older", "credit", "10.00", T0, T0.plus(Duration.ofHours(1)), supervisor);

    assertThat(ids(DeadlineQuery.of(List.of(supervisor), 200), T0)).containsExactly(soonOlder, soonNewer, late, none);
    assertThat(ids(DeadlineQuery.of(List.of(supervisor), 2), T0)).containsExactly(soonOlder, soonNewer);
  }

  @Test
  void given_aPendingAction_when_listedByDeadline_then_theRowCarriesRulesReasonKindAskedAtAndStage() {
    String credit = pending("credit", T0.plus(Duration.ofHours(4)));
    String refund = pending("refund", "refund", "89.50", T0, T0.plus(Duration.ofHours(5)), supervisor);

    List<QueuedApproval> rows = queueAt(T0).byDeadline(DeadlineQuery.of(List.of(supervisor), 200));

    assertThat(ids(rows)).containsExactly(credit, refund);
    QueuedApproval first = rows.get(0);
    assertThat(first.rules()).containsExactly("refund-confirm");
    assertThat(first.reason()).isEqualTo("damaged credit");
    assertThat(first.reasonRedacted()).isFalse();
    assertThat(first.requesterKind()).isEqualTo("ai");
    assertThat(first.askedAt()).isEqualTo(AuditFixtures.CREATED.plusSeconds(2));
    assertThat(first.claimedBy()).isNull();
    assertThat(first.item().tier()).isEqualTo(1);
    assertThat(first.item().tiers()).isEqualTo(2);
    assertThat(first.item().roles()).containsExactly(supervisor);
    assertThat(first.item().approvedBy()).isEmpty();
    assertThat(first.item().actorId()).isEqualTo("support-bot");
    assertThat(first.item().customerId()).isEqualTo("C-42");
    assertThat(first.item().amount()).hasToString("50.00");
    // A destructive type's free text is stored as a hash and a length only: never shown from here.
    assertThat(rows.get(1).reason()).isNull();
    assertThat(rows.get(1).reasonRedacted()).isTrue();
  }

  @Test
  void given_typeFilter_when_listed_then_onlyThatTypeInAnyCase() {
    String credit = pending("c", "credit", "10.00", T0, T0.plus(Duration.ofHours(1)), supervisor);
    pending("r", "refund", "10.00", T0, T0.plus(Duration.ofHours(2)), supervisor);

    assertThat(ids(mine("CREDIT", null, null, false, null), T0)).containsExactly(credit);
  }

  @Test
  void given_amountRange_when_listed_then_onlyAmountsInsideIt_boundsIncluded() {
    pending("low", "credit", "49.99", T0, T0.plus(Duration.ofHours(1)), supervisor);
    String atMin = pending("at-min", "credit", "50.00", T0, T0.plus(Duration.ofHours(2)), supervisor);
    String atMax = pending("at-max", "credit", "89.50", T0, T0.plus(Duration.ofHours(3)), supervisor);
    pending("high", "credit", "89.51", T0, T0.plus(Duration.ofHours(4)), supervisor);

    assertThat(ids(mine(null, "50", "89.50", false, null), T0)).containsExactly(atMin, atMax);
    assertThat(ids(mine(null, "89.5", null, false, null), T0)).hasSize(2).startsWith(atMax);
    assertThat(ids(mine(null, null, "49.99", false, null), T0)).hasSize(1);
  }

  @Test
  void given_breachedOnly_when_listed_then_onlyActionsAtOrPastTheirDeadline() {
    String past = pending("past", T0.minus(Duration.ofMinutes(5)));
    String atNow = pending("at-now", T0);
    pending("future", T0.plus(Duration.ofMinutes(5)));
    pending("no-deadline", null);

    List<QueuedApproval> rows = queueAt(T0).byDeadline(mine(null, null, null, true, null));

    assertThat(ids(rows)).containsExactly(past, atNow);
    assertThat(rows).allSatisfy(row -> assertThat(row.item().breached()).isTrue());
  }

  @Test
  void given_claims_when_filteredClaimedByMe_then_onlyMine_and_everyRowNamesItsHolder() {
    String alices = pending("alices", T0.plus(Duration.ofHours(1)));
    String bobs = pending("bobs", T0.plus(Duration.ofHours(2)));
    String free = pending("free", T0.plus(Duration.ofHours(3)));
    claims.claim(alices, "alice");
    claims.claim(bobs, "bob");

    assertThat(ids(mine(null, null, null, false, "alice"), T0)).containsExactly(alices);
    List<QueuedApproval> all = queueAt(T0).byDeadline(mine(null, null, null, false, null));
    assertThat(ids(all)).containsExactly(alices, bobs, free);
    assertThat(all).extracting(QueuedApproval::claimedBy).containsExactly("alice", "bob", null);
  }

  @Test
  void given_roles_when_listed_then_onlyWhatTheyMayDecideNow_asTheRestQueue() {
    String forSupervisors = pending("sup", "credit", "10.00", T0, T0.plus(Duration.ofHours(1)), supervisor);
    String forManagers = pending("man", "credit", "10.00", T0, T0.plus(Duration.ofHours(2)), manager);

    assertThat(ids(DeadlineQuery.of(List.of(supervisor), 200), T0)).containsExactly(forSupervisors);
    assertThat(ids(DeadlineQuery.of(List.of(manager), 200), T0)).containsExactly(forManagers);
    assertThat(ids(DeadlineQuery.of(List.of(manager, supervisor), 200), T0)).containsExactly(forSupervisors, forManagers);
    assertThat(ids(DeadlineQuery.of(List.of("AGENT_" + UUID.randomUUID()), 200), T0)).doesNotContain(forSupervisors, forManagers);
  }

  @Test
  void given_anEscalationBatchWithoutRules_when_written_then_askedAtMovesToTheNewTier_and_theRulesAreKept() {
    String actionId = pending("escalated", T0.plus(Duration.ofHours(4)));
    ActionRequest request = AuditFixtures.request(actionId, "credit", "conv-escalated",
        Map.of("orderId", "A-1001", "amount", "50.00", "currency", "USD", "reason", "damaged escalated"));
    AuditEvent timedOut = withoutRules(event(request, actionId, 3, AuditEventType.APPROVAL_TIMED_OUT,
        ActionStatus.AWAITING_APPROVAL));
    AuditEvent askedAgain = withoutRules(event(request, actionId, 4, AuditEventType.ESCALATED,
        ActionStatus.AWAITING_APPROVAL));
    writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), T0, List.of(timedOut, askedAgain),
        new ApprovalStage(2, 2, List.of(manager), 1, List.of(), T0.plus(Duration.ofHours(12)))));

    List<QueuedApproval> rows = queueAt(T0).byDeadline(DeadlineQuery.of(List.of(manager), 200));

    assertThat(ids(rows)).containsExactly(actionId);
    assertThat(rows.get(0).item().tier()).isEqualTo(2);
    assertThat(rows.get(0).askedAt()).isEqualTo(AuditFixtures.CREATED.plusSeconds(4));
    assertThat(rows.get(0).rules()).containsExactly("refund-confirm");
    assertThat(ids(DeadlineQuery.of(List.of(supervisor), 200), T0)).isEmpty();
  }

  @Test
  void given_aLimitOutOfRange_when_asked_then_refused() {
    assertThatThrownBy(() -> DeadlineQuery.of(List.of(supervisor), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be between 1 and 200");
    assertThatThrownBy(() -> DeadlineQuery.of(List.of(supervisor), 201)).isInstanceOf(IllegalArgumentException.class);
  }

  private static AuditEvent withoutRules(AuditEvent event) {
    return new AuditEvent(event.actionId(), event.seq(), event.occurredAt(), event.type(), event.actionType(),
        event.status(), event.requester(), event.decidedBy(), event.conversationId(), event.customerId(),
        event.params(), event.connectorStatus(), event.connectorSummary(), event.durationMs(), event.policyVersion(),
        List.of(), event.detail(), event.note());
  }
}

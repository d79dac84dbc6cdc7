package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.event;
import static com.governedactions.audit.AuditFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims on the approvals queue, against the real PostgreSQL test database. */
class ApprovalClaimRepositoryTest {
  private static final Instant T0 = Instant.parse("1990-01-01T09:00:00Z");
  private final String prefix = TestDatabase.uniquePrefix("claim");
  private final AuditActivitiesImpl writer = TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  private final ApprovalClaimRepository claims =
      new ApprovalClaimRepository(TestDatabase.CLIENT, Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));

  @AfterEach
  void deleteRows() {
    TestDatabase.JDBC.update("DELETE FROM governed.approval_claim WHERE action_id LIKE ?", prefix + "%");
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  private String awaitingApproval(String name) {
    String actionId = prefix + name;
    ActionRequest request = refund(actionId, "conv-" + name);
    writer.record(batch(actionId, request, new ApprovalStage(1, 2, List.of("SUPERVISOR"), 1, List.of(),
            T0.plus(Duration.ofHours(4))),
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));
    return actionId;
  }

  private void approve(String actionId) {
    ActionRequest request = refund(actionId, "conv-x");
    writer.record(batch(actionId, request, new ApprovalStage(1, 2, List.of("SUPERVISOR"), 1, List.of("alice"), null),
        event(request, actionId, 3, AuditEventType.APPROVED, ActionStatus.AWAITING_APPROVAL),
        event(request, actionId, 4, AuditEventType.EXECUTION_STARTED, ActionStatus.EXECUTING)));
  }

  private static AuditBatch batch(String actionId, ActionRequest request, ApprovalStage stage, AuditEvent... events) {
    return new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), T0, List.of(events), stage);
  }

  @Test
  void given_aPendingAction_when_claimed_then_heldByTheClaimerWithTheTime_and_claimingAgainIsANoOp() {
    String actionId = awaitingApproval("mine");

    ClaimResult first = claims.claim(actionId, "alice");
    ClaimResult again = claims.claim(actionId, "alice");

    assertThat(first.outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
    assertThat(first.claim()).isEqualTo(new ApprovalClaim(actionId, "alice", T0.plusSeconds(30)));
    assertThat(again.outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
    assertThat(claims.held(List.of(actionId, prefix + "other"))).containsOnlyKeys(actionId);
  }

  @Test
  void given_aClaimByAlice_when_bobClaims_then_refusedNamingAlice_and_aliceStillHoldsIt() {
    String actionId = awaitingApproval("held");
    claims.claim(actionId, "alice");

    ClaimResult bob = claims.claim(actionId, "bob");

    assertThat(bob.outcome()).isEqualTo(ClaimResult.Outcome.HELD_BY_OTHER);
    assertThat(bob.claim().claimedBy()).isEqualTo("alice");
    assertThat(claims.holder(actionId)).map(ApprovalClaim::claimedBy).contains("alice");
  }

  @Test
  void given_twoSupervisorsClaimingAtOnce_when_bothTry_then_exactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String actionId = awaitingApproval("race-" + round);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<ClaimResult> alice = pool.submit(() -> { start.await(); return claims.claim(actionId, "alice"); });
        Future<ClaimResult> bob = pool.submit(() -> { start.await(); return claims.claim(actionId, "bob"); });
        start.countDown();
        ClaimResult a = alice.get(10, TimeUnit.SECONDS);
        ClaimResult b = bob.get(10, TimeUnit.SECONDS);

        assertThat(List.of(a.outcome(), b.outcome()))
            .containsExactlyInAnyOrder(ClaimResult.Outcome.CLAIMED, ClaimResult.Outcome.HELD_BY_OTHER);
        String winner = a.outcome() == ClaimResult.Outcome.CLAIMED ? "alice" : "bob";
        assertThat(a.claim().claimedBy()).isEqualTo(winner);
        assertThat(b.claim().claimedBy()).isEqualTo(winner);
        assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT count(*) FROM governed.approval_claim WHERE action_id = ?", Integer.class, actionId)).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void given_aClaimByAlice_when_bobUnclaims_then_refusedNamingAlice_but_aManagerOverrideReleasesIt() {
    String actionId = awaitingApproval("release");
    claims.claim(actionId, "alice");

    ClaimResult bob = claims.unclaim(actionId, "bob", false);
    assertThat(bob.outcome()).isEqualTo(ClaimResult.Outcome.HELD_BY_OTHER);
    assertThat(bob.claim().claimedBy()).isEqualTo("alice");
    assertThat(claims.holder(actionId)).isPresent();

    assertThat(claims.unclaim(actionId, "maria", true).outcome()).isEqualTo(ClaimResult.Outcome.RELEASED);
    assertThat(claims.holder(actionId)).isEmpty();
  }

  @Test
  void given_aClaimByAlice_when_aliceUnclaims_then_bobMayClaimIt() {
    String actionId = awaitingApproval("handover");
    claims.claim(actionId, "alice");

    assertThat(claims.unclaim(actionId, "alice", false).outcome()).isEqualTo(ClaimResult.Outcome.RELEASED);
    assertThat(claims.claim(actionId, "bob").outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
  }

  @Test
  void given_aClaimedAction_when_decided_then_theClaimIsNoLongerSeen_and_itCannotBeClaimed() {
    String actionId = awaitingApproval("decided");
    claims.claim(actionId, "alice");

    approve(actionId);

    assertThat(claims.holder(actionId)).isEmpty();
    assertThat(claims.held(List.of(actionId))).isEmpty();
    assertThat(claims.claim(actionId, "bob").outcome()).isEqualTo(ClaimResult.Outcome.NOT_PENDING);
  }

  @Test
  void given_anUnknownAction_when_claimed_then_notPending_and_nothingWritten() {
    ClaimResult result = claims.claim(prefix + "nope", "alice");

    assertThat(result.outcome()).isEqualTo(ClaimResult.Outcome.NOT_PENDING);
    assertThat(TestDatabase.JDBC.queryForObject(
        "SELECT count(*) FROM governed.approval_claim WHERE action_id = ?", Integer.class, prefix + "nope")).isZero();
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.TimeoutOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionState.ApprovalGiven;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalRoundTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final ApprovalTier SUPERVISORS = new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4));
  private static final ApprovalTier MANAGERS = new ApprovalTier(List.of("MANAGER"), Duration.ofHours(8));
  private static final ApprovalRequirement TWO_OF_SUPERVISORS_THEN_MANAGERS =
      new ApprovalRequirement(List.of(SUPERVISORS, MANAGERS), 2, TimeoutOutcome.ESCALATE);

  private final ApprovalRound round = new ApprovalRound();

  private static ApprovalGiven given(String who, String paramsHash) {
    return new ApprovalGiven(who, null, T0, paramsHash, 7L);
  }

  @Test
  void given_noTierEntered_when_viewed_then_thereIsNoApprovalToShow() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);

    assertThat(round.view()).isNull();
    assertThat(round.stage()).isNull();
    assertThat(round.tierRoles()).isEmpty();
  }

  @Test
  void given_firstTierEntered_when_viewed_then_itShowsTheTierItsRolesAndDeadline() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);

    String detail = round.enterTier(0, T0);

    assertThat(detail).isEqualTo("tier 1 of 2: 2 approval(s) from [SUPERVISOR] within PT4H");
    assertThat(round.view().tier()).isEqualTo(1);
    assertThat(round.view().deadline()).isEqualTo(T0.plus(Duration.ofHours(4)));
    assertThat(round.stage().roles()).containsExactly("SUPERVISOR");
  }

  @Test
  void given_oneOfTwoApprovals_when_asked_then_notEnoughUntilTheSecond() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.enterTier(0, T0);

    round.add(given("alice", "h"));
    boolean afterOne = round.decided(false);
    round.add(given("bob", "h"));

    assertThat(afterOne).isFalse();
    assertThat(round.decided(false)).isTrue();
    assertThat(round.approvers()).containsExactly("alice", "bob");
  }

  @Test
  void given_firstTierBreached_when_recorded_then_escalatedToTheNextTiersRoles() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.enterTier(0, T0);

    assertThat(round.lastTier()).isFalse();
    assertThat(round.breached("unused")).isEqualTo("tier 1 SLA of PT4H breached; escalated to [MANAGER]");
    assertThat(round.view().outcome()).isNull();
  }

  @Test
  void given_lastTierBreached_when_recorded_then_theRoundEndsAsATimeoutWithoutADeadline() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.enterTier(1, T0);

    String detail = round.breached("handed to team billing: approval timed out");

    assertThat(detail).isEqualTo(
        "tier 2 SLA of PT8H breached; every tier breached, handed to team billing: approval timed out");
    assertThat(round.view().outcome()).isEqualTo("timed out");
    assertThat(round.view().deadline()).isNull();
  }

  @Test
  void given_approvalsForOtherParams_when_sameRequirementChecked_then_theyDoNotSatisfyIt() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.add(given("alice", "h"));
    round.add(given("bob", "other"));

    assertThat(round.satisfies(TWO_OF_SUPERVISORS_THEN_MANAGERS, "h")).isFalse();
  }

  @Test
  void given_enoughBoundApprovals_when_anEqualRequirementWithOtherSlasChecked_then_satisfied() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.add(given("alice", "h"));
    round.add(given("bob", "h"));
    ApprovalRequirement longerSlas = new ApprovalRequirement(
        List.of(new ApprovalTier(List.of("SUPERVISOR"), Duration.ofDays(1)), MANAGERS), 2, TimeoutOutcome.EXPIRE);

    assertThat(round.satisfies(longerSlas, "h")).isTrue();
    assertThat(round.satisfies(new ApprovalRequirement(List.of(MANAGERS), 2, TimeoutOutcome.EXPIRE), "h")).isFalse();
  }

  @Test
  void given_approvalsGiven_when_restartedForAnotherRequirement_then_theyNoLongerCount() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.enterTier(0, T0);
    round.add(given("alice", "h"));
    round.add(given("bob", "h"));
    round.grant();

    round.restart();

    assertThat(round.anyApprovals()).isFalse();
    assertThat(round.view().outcome()).isNull();
  }

  @Test
  void given_rejected_when_viewed_then_decidedWithoutADeadline() {
    round.await(TWO_OF_SUPERVISORS_THEN_MANAGERS);
    round.enterTier(0, T0);

    round.reject();

    assertThat(round.decided(false)).isTrue();
    assertThat(round.view().outcome()).isEqualTo("rejected");
    assertThat(round.view().deadline()).isNull();
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionState.ApprovalGiven;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecheckTest {
  private static final ApprovalRequirement SUPERVISOR =
      new ApprovalRequirement(List.of(new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4))), 1, null);
  private static final ApprovalRequirement MANAGER =
      new ApprovalRequirement(List.of(new ApprovalTier(List.of("MANAGER"), Duration.ofHours(4))), 1, null);

  private final ApprovalRound approvedBySupervisor = new ApprovalRound();

  RecheckTest() {
    approvedBySupervisor.await(SUPERVISOR);
    approvedBySupervisor.add(new ApprovalGiven("alice", null, Instant.EPOCH, "h", 7L));
  }

  private static Decision decision(Effect effect, boolean confirm, ApprovalRequirement approval) {
    return new Decision(effect, 8, List.of("r"), effect == Effect.DENY ? "too much" : null, confirm, approval, "billing");
  }

  @Test
  void given_newPolicyDenies_when_rechecked_then_deniedWhateverWasGiven() {
    Recheck recheck = Recheck.of(decision(Effect.DENY, false, null), true, approvedBySupervisor, "h");

    assertThat(recheck).isEqualTo(new Recheck(Recheck.Outcome.DENIED,
        "re-checked before execution under policy version 8: too much"));
    assertThat(recheck.outcome().ends).isEqualTo(ActionStatus.DENIED);
  }

  @Test
  void given_newPolicyEscalates_when_rechecked_then_handedToItsTeam() {
    Recheck recheck = Recheck.of(decision(Effect.ESCALATE, false, null), true, approvedBySupervisor, "h");

    assertThat(recheck.outcome()).isEqualTo(Recheck.Outcome.ESCALATED);
    assertThat(recheck.detail()).endsWith(": handed to team billing");
  }

  @Test
  void given_newPolicyNeedsConfirmation_when_notConfirmed_then_waitsForTheCustomer() {
    Recheck recheck = Recheck.of(decision(Effect.ALLOW, true, SUPERVISOR), false, approvedBySupervisor, "h");

    assertThat(recheck.outcome()).isEqualTo(Recheck.Outcome.NEEDS_CONFIRMATION);
    assertThat(recheck.outcome().ends).isNull();
  }

  @Test
  void given_newPolicyNeedsAManager_when_aSupervisorApproved_then_waitsForTheManager() {
    Recheck recheck = Recheck.of(decision(Effect.ALLOW, false, MANAGER), true, approvedBySupervisor, "h");

    assertThat(recheck.outcome()).isEqualTo(Recheck.Outcome.NEEDS_APPROVAL);
    assertThat(recheck.detail()).endsWith(
        "it now needs 1 approval(s) from [[MANAGER]]; the approvals given do not answer that requirement");
  }

  @Test
  void given_approvalGivenForOtherParams_when_rechecked_then_itMustBeGivenAgain() {
    Recheck recheck = Recheck.of(decision(Effect.ALLOW, false, SUPERVISOR), true, approvedBySupervisor, "other");

    assertThat(recheck.outcome()).isEqualTo(Recheck.Outcome.NEEDS_APPROVAL);
  }

  @Test
  void given_theSameRequirementAndConfirmation_when_rechecked_then_proceedsWithANote() {
    Recheck recheck = Recheck.of(decision(Effect.ALLOW, true, SUPERVISOR), true, approvedBySupervisor, "h");

    assertThat(recheck).isEqualTo(new Recheck(Recheck.Outcome.PROCEED,
        "re-checked before execution under policy version 8 (allow by [r]): nothing more is needed"));
  }
}

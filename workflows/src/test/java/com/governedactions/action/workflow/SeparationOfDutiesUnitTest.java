package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.HumanInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.InputOutcome.Refusal;
import com.governedactions.action.directory.PrincipalInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure check on its own; GovernedActionWorkflowTest.SeparationOfDutiesTest drives it through the workflow. */
class SeparationOfDutiesUnitTest {
  private static final ActionRequest REFUND = GovernedActionWorkflowTest.refund("r-1");
  private static final PrincipalInfo ALICE = new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"));

  private static SeparationOfDuties.Attempt approval(PrincipalInfo who, List<String> approvedBy) {
    return new SeparationOfDuties.Attempt(new HumanInput(HumanInput.Kind.APPROVE, who.id(), null),
        ActionStatus.AWAITING_APPROVAL, REFUND, who, List.of("SUPERVISOR"), null, approvedBy);
  }

  @Test
  void given_aSupervisorAtTheirTier_when_approving_then_allowed() {
    assertThat(SeparationOfDuties.check(approval(ALICE, List.of()))).isEmpty();
  }

  @Test
  void given_aSupervisorWhoApprovedAlready_when_approvingAgain_then_forbidden() {
    assertThat(SeparationOfDuties.check(approval(ALICE, List.of("alice"))))
        .hasValueSatisfying(verdict -> assertThat(verdict.refusal()).isEqualTo(Refusal.FORBIDDEN));
  }

  @Test
  void given_theSubmittingClient_when_approving_then_forbiddenAsTheRequester() {
    PrincipalInfo backend = new PrincipalInfo("chat-backend", true, true, List.of("SUPERVISOR"));

    assertThat(SeparationOfDuties.check(approval(backend, List.of())))
        .hasValueSatisfying(verdict -> assertThat(verdict.reason()).contains("requested this action"));
  }

  @Test
  void given_awaitingApproval_when_confirmArrives_then_wrongState() {
    SeparationOfDuties.Attempt confirm = new SeparationOfDuties.Attempt(
        new HumanInput(HumanInput.Kind.CONFIRM, "chat-backend", null), ActionStatus.AWAITING_APPROVAL, REFUND,
        PrincipalInfo.unknown("chat-backend"), List.of("SUPERVISOR"), null, List.of());

    assertThat(SeparationOfDuties.check(confirm))
        .hasValueSatisfying(verdict -> assertThat(verdict.refusal()).isEqualTo(Refusal.WRONG_STATE));
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import com.governedactions.action.HumanInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.audit.AuditEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionProgressTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final ApprovalRequirement SUPERVISOR =
      new ApprovalRequirement(List.of(new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4))), 1, null);

  private final ActionProgress progress = new ActionProgress("action-r-1", GovernedActionWorkflowTest.refund("r-1"), T0);

  private void awaitingApproval() {
    progress.decided(new Decision(Effect.ALLOW, 7, List.of("r"), null, false, SUPERVISOR, null));
    progress.approval().await(SUPERVISOR);
    progress.approval().enterTier(0, T0);
    progress.moveTo(ActionStatus.AWAITING_APPROVAL);
  }

  @Test
  void given_aNewAction_when_viewed_then_itIsEvaluatingWithNothingDecided() {
    ActionState state = progress.view();

    assertThat(state.status()).isEqualTo(ActionStatus.EVALUATING);
    assertThat(state.decision()).isNull();
    assertThat(state.approval()).isNull();
    assertThat(state.result()).isNull();
    assertThat(state.createdAt()).isEqualTo(T0).isEqualTo(state.updatedAt());
  }

  @Test
  void given_awaitingApproval_when_approved_then_theApprovalIsBoundToTheParamsAndPolicyVersion() {
    awaitingApproval();

    Journal.Entry entry = progress.apply(new HumanInput(HumanInput.Kind.APPROVE, "alice", "ok"), T0.plusSeconds(5));

    assertThat(entry.type()).isEqualTo(AuditEventType.APPROVED);
    assertThat(entry.detail()).isEqualTo("for params sha256:" + progress.paramsHash() + " under policy version 7");
    assertThat(progress.view().approval().approvals()).singleElement()
        .satisfies(given -> assertThat(given.paramsHash()).isEqualTo(progress.paramsHash()))
        .satisfies(given -> assertThat(given.policyVersion()).isEqualTo(7));
    assertThat(progress.waitsOnMainLoop(HumanInput.Kind.APPROVE, ActionStatus.AWAITING_APPROVAL))
        .as("enough approvals: the answer waits until the main loop moves on").isTrue();
  }

  @Test
  void given_awaitingApproval_when_cancelled_then_cancelledWithTheReasonAsANote() {
    awaitingApproval();

    Journal.Entry entry = progress.apply(new HumanInput(HumanInput.Kind.CANCEL, null, "changed my mind"), T0);

    assertThat(progress.status()).isEqualTo(ActionStatus.CANCELLED);
    assertThat(progress.cancelled()).isTrue();
    assertThat(entry.decidedBy()).isEqualTo("customer");
    assertThat(entry.note()).isEqualTo("changed my mind");
    assertThat(progress.view().approval().outcome()).isEqualTo("cancelled");
  }

  @Test
  void given_aFailedStep_when_itsCompensationFails_then_theErrorSaysAPersonIsNeeded() {
    progress.failed("payments.refund failed: 402");

    progress.compensationFailed("payments.refund.reverse", "timeout");

    assertThat(progress.view().result().error())
        .isEqualTo("payments.refund failed: 402; compensation payments.refund.reverse failed and needs a person: timeout");
  }

  @Test
  void given_awaitingApproval_when_separationOfDutiesAsks_then_itSeesTheTierAndWhoApproved() {
    awaitingApproval();
    progress.apply(new HumanInput(HumanInput.Kind.APPROVE, "alice", null), T0);

    SeparationOfDuties.Attempt attempt = progress.attempt(
        new HumanInput(HumanInput.Kind.APPROVE, "bob", null), com.governedactions.action.directory.PrincipalInfo.unknown("bob"));

    assertThat(attempt.tierRoles()).containsExactly("SUPERVISOR");
    assertThat(attempt.approvedBy()).containsExactly("alice");
    assertThat(attempt.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
  }
}

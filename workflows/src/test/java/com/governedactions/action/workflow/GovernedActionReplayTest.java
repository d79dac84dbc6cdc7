package com.governedactions.action.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays committed histories of every path against today's workflow code. A change that would
 * break a run already in flight fails here: put it behind {@code Workflow.getVersion}, and record
 * the new path with {@code -DrecordHistories=true} as an additional history, keeping the old ones.
 */
class GovernedActionReplayTest {
  private static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void given_committedHistories_when_listed_then_everyPathIsCovered() throws IOException {
    assertThat(histories())
        .extracting(p -> p.getFileName().toString())
        .contains(
            "given_allowRule_when_requested_then_executesWithoutAHuman.json",
            "given_awaitingConfirmation_when_customerConfirms_then_executes.json",
            "given_awaitingConfirmation_when_customerCancels_then_cancelledAndNothingExecutes.json",
            "given_awaitingConfirmation_when_noAnswer_then_cancelledAsATimeoutNotADecision.json",
            "given_awaitingApproval_when_supervisorApproves_then_executesAndRecordsWhoDecided.json",
            "given_awaitingApproval_when_supervisorRejects_then_rejectedAndNothingExecutes.json",
            "given_firstTierBreached_when_managerApproves_then_escalatedAndExecuted.json",
            "given_everyTierBreached_when_ruleSaysExpire_then_expiredAsATimeout.json",
            "given_twoApproversRequired_when_twoDistinctPeopleApprove_then_executes.json",
            "given_allowRule_when_connectorFailsTransiently_then_retriedWithTheSameKeyAndSucceeds.json",
            "given_twoStepAction_when_secondStepRefused_then_firstIsCompensatedAndFailed.json",
            "given_denyRule_when_requested_then_deniedWithReasonAndNothingExecutes.json",
            "given_escalateRule_when_requested_then_escalatedToTheTeam.json",
            "given_refusedAttempt_when_rightPersonApproves_then_executes.json",
            "given_actionWaiting_when_policyVersionSwitchesWithTheSameRequirement_then_originalApprovalStandsAndExecutes.json",
            "given_approvalGiven_when_newVersionDenies_then_deniedUnderTheNewVersionAndNothingExecutes.json",
            "given_supervisorApproved_when_newVersionNeedsAManager_then_waitsForTheManagerBeforeExecuting.json",
            "given_confirmedOnly_when_newVersionNeedsApproval_then_waitsForASupervisor.json",
            "given_refusedApproveFirst_when_supervisorApprovesThroughDecide_then_answerIsNotStillAwaitingApproval.json",
            "given_twoApproversRequired_when_firstApprovesThroughDecide_then_answerIsStillAwaitingTheSecond.json",
            "given_requestWithoutAnActor_when_startedThroughARawClient_then_deniedWithoutARuleCheckAndAudited.json",
            "given_awaitingConfirmation_when_confirmedWithTheShownTextsHash_then_executesAndTheReceiptSaysConfirmed.json",
            "given_awaitingConfirmation_when_confirmedWithAnotherTextsHash_then_refusedAuditedAndStillWaiting.json",
            "given_awaitingConfirmation_when_rawConfirmSignalCarriesAnotherHash_then_refusedTheSameWay.json",
            "given_awaitingConfirmation_when_customerDeclines_then_theReceiptSaysDeclined.json",
            "given_awaitingConfirmation_when_noAnswer_then_theReceiptSaysExpiredAtTheDeadline.json");
  }

  @TestFactory
  Stream<DynamicTest> given_committedHistory_when_replayed_then_noNondeterminism() throws IOException {
    return histories().stream()
        .map(
            history ->
                DynamicTest.dynamicTest(
                    history.getFileName().toString(),
                    () ->
                        WorkflowReplayer.replayWorkflowExecution(
                            Files.readString(history), GovernedActionWorkflowImpl.class)));
  }

  private static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}

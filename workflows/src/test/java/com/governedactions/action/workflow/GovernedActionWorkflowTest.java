package com.governedactions.action.workflow;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionSearchAttributes;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Approve;
import com.governedactions.action.AwaitDecision;
import com.governedactions.action.Cancel;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Confirm;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.Customer;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import com.governedactions.action.GovernedActionInput;
import com.governedactions.action.GovernedActionWorkflow;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.PlannedStep;
import com.governedactions.action.Reject;
import com.governedactions.action.TimeoutOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.audit.ApprovalStage;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.policy.Evaluation;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Every path of a governed action, on the time-skipping test service. Run with
 * {@code -DrecordHistories=true} to (re)write the histories the replay test checks.
 */
class GovernedActionWorkflowTest {
  static final PlannedStep REFUND = new PlannedStep("payments.refund", "payments.refund.reverse");
  static final PlannedStep REFUND_REMAINING = new PlannedStep("payments.refund_remaining", "payments.refund.reverse");
  static final PlannedStep CANCEL_ORDER = new PlannedStep("orders.cancel", null);
  static final ApprovalTier SUPERVISORS = new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4));
  static final ApprovalTier MANAGERS = new ApprovalTier(List.of("MANAGER"), Duration.ofHours(8));

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final Fakes.Rules rules = new Fakes.Rules(c -> allow());
  private final Fakes.Audit audit = new Fakes.Audit();
  private final Fakes.Connector connector = new Fakes.Connector();
  private final List<String> startedIds = new ArrayList<>();

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    ActionSearchAttributes.DEFINITIONS.keySet()
        .forEach(name -> env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(ActionIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(GovernedActionWorkflowImpl.class);
    worker.registerActivitiesImplementations(rules, new Fakes.Directory(), audit, connector);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void recordHistoryAndStop(TestInfo test) throws IOException {
    if (Boolean.getBoolean("recordHistories") && !startedIds.isEmpty()) {
      String json = client.fetchHistory(startedIds.get(0)).toJson(true);
      String name = test.getTestMethod().orElseThrow().getName() + ".json";
      Files.writeString(Path.of("src/test/resources/histories", name), json);
    }
    env.close();
  }

  // ------------------------------------------------------------------ fixtures

  static ActionRequest refund(String requestId) {
    return new ActionRequest(
        requestId,
        "refund",
        Map.of("orderId", "A-1001", "amount", "89.50", "currency", "USD", "reason", "damaged"),
        new Actor(ActorType.AI, "support-bot", List.of()),
        new Customer("C-42", "vip", "otp"),
        "conv-81",
        "chat",
        "chat-backend");
  }

  static Evaluation evaluation(Effect effect, boolean confirm, ApprovalRequirement approval, List<PlannedStep> plan) {
    String reason = effect == Effect.DENY ? "refunds over 500 need a case" : null;
    String team = effect == Effect.ESCALATE ? "billing" : null;
    return new Evaluation(
        new Decision(effect, 7, List.of("rule-" + effect.json()), reason, confirm, approval, team),
        "Refund USD 89.50 to order A-1001?",
        Duration.ofMinutes(15),
        plan);
  }

  static Evaluation allow() {
    return evaluation(Effect.ALLOW, false, null, List.of(REFUND));
  }

  static Evaluation confirmation() {
    return evaluation(Effect.REQUIRE_CONFIRMATION, true, null, List.of(REFUND));
  }

  static Evaluation approval(int approvers, TimeoutOutcome onTimeout, ApprovalTier... tiers) {
    return evaluation(
        Effect.REQUIRE_APPROVAL, false, new ApprovalRequirement(List.of(tiers), approvers, onTimeout), List.of(REFUND));
  }

  static Evaluation supervisorApproval() {
    return approval(1, TimeoutOutcome.EXPIRE, SUPERVISORS);
  }

  private GovernedActionWorkflow stub(ActionRequest request) {
    return client.newWorkflowStub(
        GovernedActionWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(ActionIds.actionIdFor(request.requestId()))
            .setTaskQueue(ActionIds.TASK_QUEUE)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build());
  }

  private GovernedActionWorkflow start(ActionRequest request) {
    GovernedActionWorkflow workflow = stub(request);
    WorkflowClient.start(workflow::run, new GovernedActionInput(request));
    startedIds.add(ActionIds.actionIdFor(request.requestId()));
    return workflow;
  }

  /**
   * Starts and asks for the decision in one call, as the API does: a decision that ends the action
   * at once (deny, escalate) can close the workflow before a separate update would reach it.
   */
  private GovernedActionWorkflow startAndAwaitDecision(Evaluation evaluation) {
    rules.decide = c -> evaluation;
    ActionRequest request = refund("r-1");
    GovernedActionWorkflow workflow = stub(request);
    WorkflowClient.executeUpdateWithStart(
        workflow::awaitDecision,
        new AwaitDecision(),
        UpdateOptions.<ActionState>newBuilder().build(),
        new WithStartWorkflowOperation<>(workflow::run, new GovernedActionInput(request)));
    startedIds.add(ActionIds.actionIdFor(request.requestId()));
    return workflow;
  }

  private static ActionState result(GovernedActionWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(ActionState.class);
  }

  private List<AuditEventType> eventTypes() {
    return audit.events("action-r-1").stream().map(AuditEvent::type).toList();
  }

  private AuditEvent lastEvent() {
    List<AuditEvent> events = audit.events("action-r-1");
    return events.get(events.size() - 1);
  }

  // ------------------------------------------------------------------ paths

  @Test
  void given_allowRule_when_requested_then_executesWithoutAHuman() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(allow());

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(eventTypes())
        .containsExactly(
            AuditEventType.REQUESTED,
            AuditEventType.AUTO_FIRED,
            AuditEventType.EXECUTION_STARTED,
            AuditEventType.STEP_SUCCEEDED,
            AuditEventType.SUCCEEDED);
    assertThat(audit.events("action-r-1")).extracting(AuditEvent::decidedBy).containsOnly(AuditEvent.AUTO);
    assertThat(connector.calls).extracting(StepCommand::idempotencyKey).containsExactly("action-r-1:0:payments.refund");
  }

  @Test
  void given_auditStoreRefusesAConflictingEvent_when_flushed_then_theWorkflowTaskFailsAndTheWorkflowStaysOpen() {
    audit.conflicting = true;
    rules.decide = c -> allow();

    start(refund("r-1"));
    List<HistoryEvent> failedTasks = awaitFailedWorkflowTask("action-r-1");

    List<String> causes = new ArrayList<>();
    for (Failure f = failedTasks.get(0).getWorkflowTaskFailedEventAttributes().getFailure(); ; f = f.getCause()) {
      causes.add(f.getMessage());
      if (!f.hasCause()) {
        break;
      }
    }
    assertThat(causes)
        .anySatisfy(m -> assertThat(m).contains("action action-r-1 stopped: its audit trail already holds other events"))
        .anySatisfy(m -> assertThat(m).contains("already stored with other content"));
    assertThat(client.newUntypedWorkflowStub("action-r-1").describe().getStatus())
        .as("neither completed nor failed: the workflow waits, retrying its task")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(connector.calls).as("nothing executes without its audit record").isEmpty();
    assertThat(audit.batches).isEmpty();
  }

  private List<HistoryEvent> awaitFailedWorkflowTask(String workflowId) {
    for (int i = 0; i < 200; i++) {
      List<HistoryEvent> failed = client.fetchHistory(workflowId).getEvents().stream()
          .filter(HistoryEvent::hasWorkflowTaskFailedEventAttributes)
          .toList();
      if (!failed.isEmpty()) {
        return failed;
      }
      env.sleep(Duration.ofMillis(50));
    }
    throw new AssertionError("no workflow task of " + workflowId + " failed: " + client.fetchHistory(workflowId));
  }

  @Test
  void given_finishedAction_when_describedInTemporal_then_searchAttributesShowTypeAndFinalStatus() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(allow());
    result(workflow);

    var attributes = client.newUntypedWorkflowStub("action-r-1").describe().getTypedSearchAttributes();

    assertThat(attributes.get(ActionSearchAttributes.ACTION_TYPE)).isEqualTo("refund");
    assertThat(attributes.get(ActionSearchAttributes.STATUS)).isEqualTo("SUCCEEDED");
  }

  @Test
  void given_awaitingApproval_when_describedInTemporal_then_statusAttributeSaysSo() {
    startAndAwaitDecision(supervisorApproval());

    var attributes = client.newUntypedWorkflowStub("action-r-1").describe().getTypedSearchAttributes();

    assertThat(attributes.get(ActionSearchAttributes.STATUS)).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void given_confirmationRule_when_decided_then_stateAsksTheCustomer() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

    ActionState state = workflow.state();

    assertThat(state.status()).isEqualTo(ActionStatus.AWAITING_CONFIRMATION);
    assertThat(state.confirmation().text()).isEqualTo("Refund USD 89.50 to order A-1001?");
    assertThat(state.decision().effect()).isEqualTo(Effect.REQUIRE_CONFIRMATION);
    assertThat(state.decision().policyVersion()).isEqualTo(7);
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_awaitingConfirmation_when_customerConfirms_then_executes() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

    workflow.confirm(new Confirm(null));

    assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(eventTypes())
        .containsSubsequence(AuditEventType.CONFIRMATION_REQUESTED, AuditEventType.CONFIRMED, AuditEventType.SUCCEEDED);
    assertThat(connector.calls).hasSize(1);
  }

  @Test
  void given_awaitingConfirmation_when_customerConfirmsThroughDecide_then_answerIsTheStateAfterTheConfirmation() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

    InputOutcome confirmed = workflow.decide(new HumanInput(HumanInput.Kind.CONFIRM, "chat-backend", null));

    assertThat(confirmed.accepted()).isTrue();
    assertThat(confirmed.state().status()).isIn(ActionStatus.EXECUTING, ActionStatus.SUCCEEDED);
    assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
  }

  @Test
  void given_twoApproversRequired_when_firstApprovesThroughDecide_then_answerIsStillAwaitingTheSecond() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(approval(2, TimeoutOutcome.EXPIRE, SUPERVISORS));

    InputOutcome first = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "alice", null));
    InputOutcome second = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "bob", null));

    assertThat(first.state().status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(first.state().approval().approvals()).hasSize(1);
    assertThat(first.state().approval().outcome()).isNull();
    assertThat(second.state().status()).isIn(ActionStatus.EXECUTING, ActionStatus.SUCCEEDED);
    assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
  }

  @Test
  void given_awaitingConfirmation_when_customerCancels_then_cancelledAndNothingExecutes() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

    workflow.cancel(new Cancel("changed my mind", "chat-backend"));

    ActionState done = result(workflow);
    assertThat(done.status()).isEqualTo(ActionStatus.CANCELLED);
    assertThat(lastEvent().type()).isEqualTo(AuditEventType.CANCELLED);
    assertThat(lastEvent().note()).isEqualTo("changed my mind");
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_awaitingConfirmation_when_noAnswer_then_cancelledAsATimeoutNotADecision() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.CANCELLED);
    assertThat(done.confirmation().outcome()).isEqualTo("timed out");
    assertThat(lastEvent().type()).isEqualTo(AuditEventType.CONFIRMATION_TIMED_OUT);
    assertThat(lastEvent().decidedBy()).isEqualTo(AuditEvent.AUTO);
    assertThat(eventTypes()).doesNotContain(AuditEventType.CANCELLED);
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_confirmationAndApproval_when_bothGiven_then_executesAfterBoth() {
    Evaluation both =
        evaluation(
            Effect.REQUIRE_APPROVAL,
            true,
            new ApprovalRequirement(List.of(SUPERVISORS), 1, TimeoutOutcome.EXPIRE),
            List.of(REFUND));
    GovernedActionWorkflow workflow = startAndAwaitDecision(both);

    workflow.confirm(new Confirm("chat-backend"));
    workflow.approve(new Approve("alice", "ok"));

    assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(eventTypes())
        .containsSubsequence(
            AuditEventType.CONFIRMATION_REQUESTED,
            AuditEventType.CONFIRMED,
            AuditEventType.APPROVAL_REQUESTED,
            AuditEventType.APPROVED,
            AuditEventType.EXECUTION_STARTED);
  }

  @Test
  void given_awaitingApproval_when_supervisorApproves_then_executesAndRecordsWhoDecided() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

    workflow.approve(new Approve("alice", "looks fine"));

    ActionState done = result(workflow);
    assertThat(done.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(done.approval().approvals()).extracting(ActionState.ApprovalGiven::approver).containsExactly("alice");
    AuditEvent approved =
        audit.events("action-r-1").stream().filter(e -> e.type() == AuditEventType.APPROVED).findFirst().orElseThrow();
    assertThat(approved.decidedBy()).isEqualTo("alice");
    assertThat(approved.note()).isEqualTo("looks fine");
  }

  @Test
  void given_awaitingApproval_when_supervisorRejects_then_rejectedAndNothingExecutes() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

    workflow.reject(new Reject("alice", "order was never paid"));

    ActionState done = result(workflow);
    assertThat(done.status()).isEqualTo(ActionStatus.REJECTED);
    assertThat(lastEvent().type()).isEqualTo(AuditEventType.REJECTED);
    assertThat(lastEvent().decidedBy()).isEqualTo("alice");
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_firstTierBreached_when_managerApproves_then_escalatedAndExecuted() {
    GovernedActionWorkflow workflow =
        startAndAwaitDecision(approval(1, TimeoutOutcome.EXPIRE, SUPERVISORS, MANAGERS));

    env.sleep(Duration.ofHours(4).plusMinutes(1));
    ActionState escalated = workflow.state();
    workflow.approve(new Approve("maria", null));

    assertThat(escalated.approval().tier()).isEqualTo(2);
    assertThat(escalated.approval().roles()).containsExactly("MANAGER");
    assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(eventTypes())
        .containsSubsequence(
            AuditEventType.APPROVAL_REQUESTED,
            AuditEventType.APPROVAL_TIMED_OUT,
            AuditEventType.APPROVAL_REQUESTED,
            AuditEventType.APPROVED);
  }

  @Test
  void given_firstTierBreached_when_escalated_then_auditBatchesCarryTheApprovalStageForTheQueue() {
    Instant started = Instant.ofEpochMilli(env.currentTimeMillis());
    GovernedActionWorkflow workflow =
        startAndAwaitDecision(approval(1, TimeoutOutcome.EXPIRE, SUPERVISORS, MANAGERS));
    ApprovalStage first = lastStage();

    env.sleep(Duration.ofHours(4).plusMinutes(1));
    ApprovalStage escalated = lastStage();
    workflow.approve(new Approve("maria", null));
    result(workflow);
    ApprovalStage decided = lastStage();

    assertThat(first.tier()).isEqualTo(1);
    assertThat(first.tiers()).isEqualTo(2);
    assertThat(first.roles()).containsExactly("SUPERVISOR");
    assertThat(first.required()).isEqualTo(1);
    assertThat(first.deadline()).isBetween(started.plus(Duration.ofHours(4)), started.plus(Duration.ofHours(4).plusSeconds(5)));
    assertThat(escalated.tier()).isEqualTo(2);
    assertThat(escalated.roles()).containsExactly("MANAGER");
    assertThat(escalated.deadline()).isAfter(first.deadline().plus(Duration.ofHours(8)));
    assertThat(decided.approvedBy()).containsExactly("maria");
    assertThat(decided.deadline()).isNull();
  }

  @Test
  void given_noApprovalRule_when_audited_then_batchesCarryNoApprovalStage() {
    result(startAndAwaitDecision(allow()));

    assertThat(audit.batches).isNotEmpty().allSatisfy(batch -> assertThat(batch.approval()).isNull());
  }

  private ApprovalStage lastStage() {
    return audit.batches.get(audit.batches.size() - 1).approval();
  }

  @Test
  void given_escalatedToManagers_when_supervisorApproves_then_refusedForTheRole() {
    GovernedActionWorkflow workflow =
        startAndAwaitDecision(approval(1, TimeoutOutcome.EXPIRE, SUPERVISORS, MANAGERS));
    env.sleep(Duration.ofHours(4).plusMinutes(1));

    InputOutcome outcome = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "alice", null));

    assertThat(outcome.accepted()).isFalse();
    assertThat(outcome.refusal()).isEqualTo(InputOutcome.Refusal.FORBIDDEN);
    assertThat(outcome.reason()).contains("MANAGER");
    assertThat(workflow.state().status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
  }

  @Test
  void given_everyTierBreached_when_ruleSaysExpire_then_expiredAsATimeout() {
    GovernedActionWorkflow workflow =
        startAndAwaitDecision(approval(1, TimeoutOutcome.EXPIRE, SUPERVISORS, MANAGERS));

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.EXPIRED);
    assertThat(lastEvent().type()).isEqualTo(AuditEventType.APPROVAL_TIMED_OUT);
    assertThat(lastEvent().status()).isEqualTo(ActionStatus.EXPIRED);
    assertThat(lastEvent().decidedBy()).isEqualTo(AuditEvent.AUTO);
    assertThat(eventTypes()).doesNotContain(AuditEventType.APPROVED, AuditEventType.REJECTED);
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_everyTierBreached_when_ruleSaysReject_then_rejectedButAuditedAsTimeout() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(approval(1, TimeoutOutcome.REJECT, SUPERVISORS));

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.REJECTED);
    assertThat(lastEvent().type()).isEqualTo(AuditEventType.APPROVAL_TIMED_OUT);
    assertThat(eventTypes()).doesNotContain(AuditEventType.REJECTED);
  }

  @Test
  void given_everyTierBreached_when_ruleSaysEscalate_then_escalatedToTheTeam() {
    Evaluation escalating =
        new Evaluation(
            new Decision(
                Effect.REQUIRE_APPROVAL,
                7,
                List.of("refund-medium"),
                null,
                false,
                new ApprovalRequirement(List.of(SUPERVISORS), 1, TimeoutOutcome.ESCALATE),
                "billing"),
            "Refund?",
            Duration.ofMinutes(15),
            List.of(REFUND));
    GovernedActionWorkflow workflow = startAndAwaitDecision(escalating);

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.ESCALATED);
    assertThat(lastEvent().detail()).contains("team billing");
  }

  @Test
  void given_twoApproversRequired_when_twoDistinctPeopleApprove_then_executes() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(approval(2, TimeoutOutcome.EXPIRE, SUPERVISORS));

    workflow.approve(new Approve("alice", null));
    InputOutcome again = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "alice", null));
    ActionState afterOne = workflow.state();
    workflow.approve(new Approve("bob", null));

    assertThat(again.refusal()).isEqualTo(InputOutcome.Refusal.FORBIDDEN);
    assertThat(afterOne.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(afterOne.approval().approvals()).hasSize(1);
    assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(connector.calls).hasSize(1);
  }

  @Test
  void given_allowRule_when_connectorFailsTransiently_then_retriedWithTheSameKeyAndSucceeds() {
    connector.failTransiently("payments.refund", 2);
    GovernedActionWorkflow workflow = startAndAwaitDecision(allow());

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(connector.calls).hasSize(3);
    assertThat(connector.calls).extracting(StepCommand::idempotencyKey).containsOnly("action-r-1:0:payments.refund");
    assertThat(eventTypes()).containsOnlyOnce(AuditEventType.STEP_SUCCEEDED);
  }

  @Test
  void given_twoStepAction_when_secondStepRefused_then_firstIsCompensatedAndFailed() {
    connector.refuse("orders.cancel");
    GovernedActionWorkflow workflow =
        startAndAwaitDecision(evaluation(Effect.ALLOW, false, null, List.of(REFUND_REMAINING, CANCEL_ORDER)));

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.FAILED);
    assertThat(done.result().error()).contains("orders.cancel failed: order_shipped");
    assertThat(connector.compensations).hasSize(1);
    StepCommand compensation = connector.compensations.get(0);
    assertThat(compensation.operation()).isEqualTo("payments.refund.reverse");
    assertThat(compensation.idempotencyKey()).isEqualTo("action-r-1:0:payments.refund_remaining:compensate");
    assertThat(compensation.forwardResult()).containsKey("id");
    assertThat(eventTypes())
        .containsSubsequence(
            AuditEventType.STEP_SUCCEEDED,
            AuditEventType.STEP_FAILED,
            AuditEventType.COMPENSATED,
            AuditEventType.FAILED);
    AuditEvent failed =
        audit.events("action-r-1").stream().filter(e -> e.type() == AuditEventType.STEP_FAILED).findFirst().orElseThrow();
    assertThat(failed.connectorStatus()).isEqualTo(409);
  }

  @Test
  void given_singleStep_when_refused_then_itsOwnCompensationRunsWithoutAForwardResult() {
    connector.refuse("payments.refund");
    GovernedActionWorkflow workflow = startAndAwaitDecision(allow());

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.FAILED);
    assertThat(connector.compensations).singleElement().satisfies(c -> assertThat(c.forwardResult()).isNull());
  }

  @Test
  void given_denyRule_when_requested_then_deniedWithReasonAndNothingExecutes() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(evaluation(Effect.DENY, false, null, List.of(REFUND)));

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.DENIED);
    assertThat(done.decision().reason()).isEqualTo("refunds over 500 need a case");
    assertThat(eventTypes()).containsExactly(AuditEventType.REQUESTED, AuditEventType.DENIED);
    assertThat(connector.calls).isEmpty();
  }

  /**
   * The Temporal contract lets a client start the workflow itself, bypassing the REST checks: a
   * request too incomplete to judge is denied by the workflow, audited, before any rule check.
   */
  @Test
  void given_requestWithoutAnActor_when_startedThroughARawClient_then_deniedWithoutARuleCheckAndAudited() {
    java.util.concurrent.atomic.AtomicInteger ruleChecks = new java.util.concurrent.atomic.AtomicInteger();
    rules.decide = c -> {
      ruleChecks.incrementAndGet();
      return allow();
    };
    Map<String, Object> request = new java.util.HashMap<>(Map.of(
        "requestId", "r-1", "type", "refund",
        "params", Map.of("orderId", "A-1001", "amount", "1.00", "currency", "USD"),
        "customer", Map.of("id", "C-42"), "conversationId", "conv-81", "channel", "chat",
        "submittedBy", "chat-backend"));
    WorkflowStub raw = client.newUntypedWorkflowStub(ActionIds.WORKFLOW_TYPE,
        WorkflowOptions.newBuilder().setWorkflowId("action-r-1").setTaskQueue(ActionIds.TASK_QUEUE).build());
    raw.start(Map.of("request", request));
    startedIds.add("action-r-1");

    ActionState done = raw.getResult(ActionState.class);

    assertThat(done.status()).isEqualTo(ActionStatus.DENIED);
    assertThat(done.decision().reason()).isEqualTo("invalid request: actor: required: the request names no actor");
    assertThat(done.decision().policyVersion()).isEqualTo(Decision.NO_POLICY);
    assertThat(eventTypes()).containsExactly(AuditEventType.REQUESTED, AuditEventType.DENIED);
    assertThat(lastEvent().requester()).isNull();
    assertThat(lastEvent().detail()).isEqualTo(done.decision().reason());
    assertThat(ruleChecks).as("nothing is judged that cannot be").hasValue(0);
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_escalateRule_when_requested_then_escalatedToTheTeam() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(evaluation(Effect.ESCALATE, false, null, List.of(REFUND)));

    ActionState done = result(workflow);

    assertThat(done.status()).isEqualTo(ActionStatus.ESCALATED);
    assertThat(lastEvent().detail()).contains("team billing");
    assertThat(connector.calls).isEmpty();
  }

  @Test
  void given_runningAction_when_sameRequestIdStartedAgain_then_refusedAndOnlyOneRuns() {
    rules.decide = c -> confirmation();
    start(refund("r-1"));

    assertThatThrownBy(() -> start(refund("r-1"))).isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }

  @Test
  void given_finishedAction_when_sameRequestIdStartedAgain_then_stillRefused() {
    GovernedActionWorkflow first = startAndAwaitDecision(allow());
    result(first);

    assertThatThrownBy(() -> start(refund("r-1"))).isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    assertThat(connector.calls).hasSize(1);
  }

  @Test
  void given_anyPath_when_finished_then_auditSequenceIsGapFreeAndNeverRewritten() {
    GovernedActionWorkflow workflow = startAndAwaitDecision(approval(2, TimeoutOutcome.EXPIRE, SUPERVISORS));
    workflow.approve(new Approve("alice", null));
    workflow.approve(new Approve("alice", null));
    workflow.approve(new Approve("bob", null));
    result(workflow);

    List<AuditEvent> events = audit.events("action-r-1");
    assertThat(events).extracting(AuditEvent::seq).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(audit.conflictingRewrites).hasValue(0);
  }

  /** Separation of duties holds however the input arrives; a refusal changes nothing but is audited. */
  @Nested
  class SeparationOfDutiesTest {
    @Test
    void given_awaitingApproval_when_requesterApprovesBySignal_then_refusedAndAudited() {
      rules.decide = c -> supervisorApproval();
      ActionRequest byHuman =
          new ActionRequest(
              "r-1", "refund", Map.of("amount", "80.00", "currency", "USD", "orderId", "A-1"),
              new Actor(ActorType.HUMAN, "sam", List.of("AGENT", "SUPERVISOR")),
              new Customer("C-42", null, null), "conv-81", "chat", "sam");
      GovernedActionWorkflow workflow = start(byHuman);
      workflow.awaitDecision(new AwaitDecision());

      workflow.approve(new Approve("sam", "my own"));

      assertRefusedAndStillWaiting(workflow, "sam", "requested this action");
    }

    @Test
    void given_awaitingApproval_when_serviceClientApproves_then_refused() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      workflow.approve(new Approve("chat-backend", null));

      assertRefusedAndStillWaiting(workflow, "chat-backend", "not a person");
    }

    @Test
    void given_awaitingApproval_when_aiActorIdApproves_then_refused() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      workflow.approve(new Approve("support-bot", null));

      assertRefusedAndStillWaiting(workflow, "support-bot", "not a known principal");
    }

    @Test
    void given_awaitingApproval_when_theCustomerApproves_then_refused() {
      rules.decide = c -> supervisorApproval();
      ActionRequest forCarol =
          new ActionRequest(
              "r-1", "refund", Map.of("amount", "80.00", "currency", "USD", "orderId", "A-1"),
              new Actor(ActorType.AI, "support-bot", List.of()), new Customer("carol", null, null),
              "conv-81", "chat", "chat-backend");
      GovernedActionWorkflow workflow = start(forCarol);
      workflow.awaitDecision(new AwaitDecision());

      workflow.approve(new Approve("carol", null));

      assertRefusedAndStillWaiting(workflow, "carol", "is the customer");
    }

    @Test
    void given_aReversalOfAlicesApprovedRefund_when_aliceApproves_then_refusedAndAnotherSupervisorMay() {
      rules.decide = c -> supervisorApproval();
      ActionRequest reversal =
          new ActionRequest(
              "r-1", "reversal", Map.of("originalActionId", "action-r-0", "originalType", "refund"),
              new Actor(ActorType.HUMAN, "maria", List.of("MANAGER")), new Customer("C-42", null, null),
              "conv-81", "chat", "maria", List.of("sam", "alice"));
      GovernedActionWorkflow workflow = start(reversal);
      workflow.awaitDecision(new AwaitDecision());

      workflow.approve(new Approve("alice", "I approved the refund"));

      assertRefusedAndStillWaiting(workflow, "alice",
          "'alice' requested or approved the action this one reverses (action-r-0) and cannot decide on its reversal");

      workflow.approve(new Approve("bob", null));

      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }

    @Test
    void given_awaitingApproval_when_personWithoutTheRoleApproves_then_refused() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      workflow.approve(new Approve("dave", null));

      assertRefusedAndStillWaiting(workflow, "dave", "none of the roles");
    }

    @Test
    void given_refusedApproveFirst_when_supervisorApprovesThroughDecide_then_answerIsNotStillAwaitingApproval() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      InputOutcome refused = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "dave", null));
      InputOutcome approved = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "alice", null));

      assertThat(refused.accepted()).isFalse();
      assertThat(approved.accepted()).isTrue();
      assertThat(approved.state().status()).isIn(ActionStatus.EXECUTING, ActionStatus.SUCCEEDED);
      assertThat(approved.state().approval().outcome()).isEqualTo("approved");
      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
      assertThat(connector.calls).hasSize(1);
    }

    @Test
    void given_awaitingConfirmation_when_supervisorApproves_then_wrongStateRefused() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

      InputOutcome outcome = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "alice", null));

      assertThat(outcome.refusal()).isEqualTo(InputOutcome.Refusal.WRONG_STATE);
      assertThat(workflow.state().status()).isEqualTo(ActionStatus.AWAITING_CONFIRMATION);
      assertThat(lastEvent().type()).isEqualTo(AuditEventType.INPUT_REFUSED);
    }

    @Test
    void given_awaitingApproval_when_confirmArrives_then_wrongStateRefused() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      InputOutcome outcome = workflow.decide(new HumanInput(HumanInput.Kind.CONFIRM, "chat-backend", null));

      assertThat(outcome.refusal()).isEqualTo(InputOutcome.Refusal.WRONG_STATE);
    }

    @Test
    void given_awaitingApproval_when_rejectWithoutReason_then_invalid() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      InputOutcome outcome = workflow.decide(new HumanInput(HumanInput.Kind.REJECT, "alice", " "));

      assertThat(outcome.refusal()).isEqualTo(InputOutcome.Refusal.INVALID);
      assertThat(workflow.state().status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    }

    @Test
    void given_refusedAttempt_when_rightPersonApproves_then_executes() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());
      workflow.approve(new Approve("dave", null));

      workflow.approve(new Approve("bob", null));

      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }

    private void assertRefusedAndStillWaiting(GovernedActionWorkflow workflow, String who, String why) {
      ActionState state = workflow.state(); // a query is answered after the signal was handled
      assertThat(state.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
      assertThat(state.approval().approvals()).isEmpty();
      AuditEvent refused = lastEvent();
      assertThat(refused.type()).isEqualTo(AuditEventType.INPUT_REFUSED);
      assertThat(refused.decidedBy()).isEqualTo(who);
      assertThat(refused.detail()).contains(why);
      assertThat(connector.calls).isEmpty();
    }
  }

  /** The rule check again before execution (issue 3): the policy may have changed while waiting. */
  @Nested
  class PolicyRecheckTest {
    private Evaluation underVersion(long version, Evaluation evaluation, String rule) {
      Decision d = evaluation.decision();
      return new Evaluation(
          new Decision(d.effect(), version, List.of(rule), d.reason(), d.confirmationRequired(), d.approval(), d.team()),
          evaluation.confirmationText(),
          evaluation.confirmationTimeout(),
          evaluation.plan());
    }

    @Test
    void given_actionWaiting_when_policyVersionSwitchesWithTheSameRequirement_then_originalApprovalStandsAndExecutes() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());
      rules.decide = c -> underVersion(8, supervisorApproval(), "refund-approval-v8");

      ActionState waiting = workflow.state();
      workflow.approve(new Approve("alice", "fine"));

      assertThat(waiting.approval().roles()).containsExactly("SUPERVISOR");
      ActionState done = result(workflow);
      assertThat(done.status()).isEqualTo(ActionStatus.SUCCEEDED);
      ActionState.ApprovalGiven given = done.approval().approvals().get(0);
      assertThat(given.policyVersion()).isEqualTo(7);
      assertThat(given.paramsHash()).isEqualTo(CanonicalHash.ofAction("refund", refund("r-1").params()));
      AuditEvent approved = audit.events("action-r-1").stream()
          .filter(e -> e.type() == AuditEventType.APPROVED).findFirst().orElseThrow();
      assertThat(approved.detail()).isEqualTo("for params sha256:" + given.paramsHash() + " under policy version 7");
      AuditEvent started = audit.events("action-r-1").stream()
          .filter(e -> e.type() == AuditEventType.EXECUTION_STARTED).findFirst().orElseThrow();
      assertThat(started.detail()).contains("re-checked before execution under policy version 8");
      assertThat(eventTypes()).doesNotContain(AuditEventType.POLICY_RECHECKED);
    }

    @Test
    void given_approvalGiven_when_newVersionDenies_then_deniedUnderTheNewVersionAndNothingExecutes() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());
      Evaluation denied = evaluation(Effect.DENY, false, null, List.of());
      rules.decide = c -> underVersion(8, denied, "refund-freeze");

      workflow.approve(new Approve("alice", "fine"));

      ActionState done = result(workflow);
      assertThat(done.status()).isEqualTo(ActionStatus.DENIED);
      assertThat(done.decision().policyVersion()).isEqualTo(8);
      assertThat(done.decision().rules()).containsExactly("refund-freeze");
      assertThat(connector.calls).isEmpty();
      AuditEvent last = lastEvent();
      assertThat(last.type()).isEqualTo(AuditEventType.DENIED);
      assertThat(last.policyVersion()).isEqualTo(8);
      assertThat(last.ruleIds()).containsExactly("refund-freeze");
      assertThat(last.detail())
          .isEqualTo("re-checked before execution under policy version 8: refunds over 500 need a case");
    }

    @Test
    void given_supervisorApproved_when_newVersionNeedsAManager_then_waitsForTheManagerBeforeExecuting() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());
      rules.decide = c -> underVersion(8, approval(1, TimeoutOutcome.EXPIRE, MANAGERS), "refund-manager");

      workflow.approve(new Approve("alice", "fine"));
      ActionState rewaiting = workflow.state();
      InputOutcome supervisorAgain = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "alice", "again"));
      workflow.approve(new Approve("maria", "ok"));

      assertThat(rewaiting.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
      assertThat(rewaiting.approval().roles()).containsExactly("MANAGER");
      assertThat(rewaiting.approval().approvals()).isEmpty();
      assertThat(rewaiting.decision().policyVersion()).isEqualTo(8);
      assertThat(supervisorAgain.refusal()).isEqualTo(InputOutcome.Refusal.FORBIDDEN);
      ActionState done = result(workflow);
      assertThat(done.status()).isEqualTo(ActionStatus.SUCCEEDED);
      assertThat(done.approval().approvals())
          .extracting(ActionState.ApprovalGiven::approver, ActionState.ApprovalGiven::policyVersion)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("maria", 8L));
      assertThat(eventTypes())
          .containsSubsequence(
              AuditEventType.APPROVAL_REQUESTED,
              AuditEventType.APPROVED,
              AuditEventType.POLICY_RECHECKED,
              AuditEventType.APPROVAL_REQUESTED,
              AuditEventType.APPROVED,
              AuditEventType.EXECUTION_STARTED);
      assertThat(connector.calls).hasSize(1);
    }

    @Test
    void given_confirmedOnly_when_newVersionNeedsApproval_then_waitsForASupervisor() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());
      rules.decide = c -> underVersion(8, supervisorApproval(), "refund-now-approved");

      workflow.confirm(new Confirm("chat-backend"));
      ActionState rewaiting = workflow.state();
      workflow.approve(new Approve("alice", null));

      assertThat(rewaiting.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }

    @Test
    void given_permissionMapLeavesOutATierRole_when_holderOfThatRoleApproves_then_refusedAndAudited() {
      ApprovalRequirement agentsOrSupervisors =
          new ApprovalRequirement(
                  List.of(new ApprovalTier(List.of("AGENT", "SUPERVISOR"), Duration.ofHours(4))), 1, TimeoutOutcome.EXPIRE)
              .restrictedTo(List.of("SUPERVISOR", "MANAGER"));
      GovernedActionWorkflow workflow =
          startAndAwaitDecision(evaluation(Effect.REQUIRE_APPROVAL, false, agentsOrSupervisors, List.of(REFUND)));

      InputOutcome agent = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "dave", null));
      workflow.approve(new Approve("alice", null));

      assertThat(agent.refusal()).isEqualTo(InputOutcome.Refusal.FORBIDDEN);
      assertThat(agent.reason()).isEqualTo("'dave' has none of the roles the policy lets approve 'refund': [SUPERVISOR, MANAGER]");
      assertThat(audit.events("action-r-1")).anySatisfy(e -> {
        assertThat(e.type()).isEqualTo(AuditEventType.INPUT_REFUSED);
        assertThat(e.decidedBy()).isEqualTo("dave");
      });
      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }
  }

  /** What the customer was shown is kept as a receipt, and a confirmation of another text is refused. */
  @Nested
  class ConsentReceiptTest {
    private static final String TEXT = "Refund USD 89.50 to order A-1001?";

    @Test
    void given_confirmationRule_when_asked_then_aReceiptKeepsTheTextItsHashAndWhatItWasShownFor() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

      ConsentReceipt receipt = workflow.consent();

      assertThat(receipt.receiptId()).isNotBlank();
      assertThat(receipt.actionId()).isEqualTo("action-r-1");
      assertThat(receipt.text()).isEqualTo(TEXT);
      assertThat(receipt.textSha256()).isEqualTo(ConsentReceipt.sha256(TEXT)).hasSize(64);
      assertThat(receipt.language()).isEqualTo("en");
      assertThat(receipt.channel()).isEqualTo("chat");
      assertThat(receipt.conversationId()).isEqualTo("conv-81");
      assertThat(receipt.customerId()).isEqualTo("C-42");
      assertThat(receipt.paramsHash()).isEqualTo(CanonicalHash.ofAction("refund", refund("r-1").params()));
      assertThat(receipt.policyVersion()).isEqualTo(7);
      assertThat(receipt.issuedAt()).isNotNull();
      assertThat(receipt.expiresAt()).isEqualTo(receipt.issuedAt().plus(Duration.ofMinutes(15)));
      assertThat(receipt.state()).isEqualTo(ConsentReceipt.State.ISSUED);
      assertThat(receipt.agreedTo()).isEqualTo(new ConsentReceipt.Purpose("refund", "89.50", "USD", "A-1001"));
      AuditEvent asked = audit.events("action-r-1").stream()
          .filter(e -> e.type() == AuditEventType.CONFIRMATION_REQUESTED).findFirst().orElseThrow();
      assertThat(asked.consent()).isEqualTo(receipt);
    }

    @Test
    void given_awaitingConfirmation_when_confirmedWithTheShownTextsHash_then_executesAndTheReceiptSaysConfirmed() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

      InputOutcome outcome = workflow.decide(new HumanInput(
          HumanInput.Kind.CONFIRM, "chat-backend", null, ConsentReceipt.sha256(TEXT).toUpperCase()));

      assertThat(outcome.accepted()).isTrue();
      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
      ConsentReceipt receipt = workflow.consent();
      assertThat(receipt.state()).isEqualTo(ConsentReceipt.State.CONFIRMED);
      assertThat(receipt.confirmedAt()).isNotNull();
      assertThat(receipt.answeredBy()).isEqualTo("chat-backend");
      AuditEvent confirmed = audit.events("action-r-1").stream()
          .filter(e -> e.type() == AuditEventType.CONFIRMED).findFirst().orElseThrow();
      assertThat(confirmed.consent()).isEqualTo(receipt);
    }

    @Test
    void given_awaitingConfirmation_when_confirmedWithAnotherTextsHash_then_refusedAuditedAndStillWaiting() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());
      String other = ConsentReceipt.sha256("Refund USD 8.95 to order A-1001?");

      InputOutcome outcome = workflow.decide(new HumanInput(HumanInput.Kind.CONFIRM, "chat-backend", null, other));

      assertThat(outcome.accepted()).isFalse();
      assertThat(outcome.refusal()).isEqualTo(InputOutcome.Refusal.CONSENT_MISMATCH);
      assertThat(outcome.reason()).contains("does not match the text issued at").contains("nothing changed")
          .doesNotContain(ConsentReceipt.sha256(TEXT));
      assertThat(workflow.state().status()).isEqualTo(ActionStatus.AWAITING_CONFIRMATION);
      assertThat(workflow.consent().state()).isEqualTo(ConsentReceipt.State.ISSUED);
      assertThat(lastEvent().type()).isEqualTo(AuditEventType.INPUT_REFUSED);
      assertThat(lastEvent().detail()).contains("CONSENT_MISMATCH");
      assertThat(lastEvent().consent().receiptId()).isEqualTo(workflow.consent().receiptId());
      assertThat(connector.calls).isEmpty();
    }

    @Test
    void given_awaitingConfirmation_when_rawConfirmSignalCarriesAnotherHash_then_refusedTheSameWay() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

      workflow.confirm(new Confirm("chat-backend", "00" + ConsentReceipt.sha256(TEXT).substring(2)));

      assertThat(workflow.state().status()).isEqualTo(ActionStatus.AWAITING_CONFIRMATION);
      assertThat(lastEvent().type()).isEqualTo(AuditEventType.INPUT_REFUSED);
      workflow.confirm(new Confirm("chat-backend"));
      assertThat(result(workflow).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }

    @Test
    void given_awaitingConfirmation_when_customerDeclines_then_theReceiptSaysDeclined() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

      workflow.cancel(new Cancel("not that amount", "chat-backend"));

      assertThat(result(workflow).status()).isEqualTo(ActionStatus.CANCELLED);
      ConsentReceipt receipt = workflow.consent();
      assertThat(receipt.state()).isEqualTo(ConsentReceipt.State.DECLINED);
      assertThat(receipt.declinedAt()).isNotNull();
      assertThat(receipt.confirmedAt()).isNull();
      assertThat(receipt.answeredBy()).isEqualTo("chat-backend");
      assertThat(lastEvent().type()).isEqualTo(AuditEventType.CANCELLED);
      assertThat(lastEvent().consent()).isEqualTo(receipt);
    }

    @Test
    void given_awaitingConfirmation_when_noAnswer_then_theReceiptSaysExpiredAtTheDeadline() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(confirmation());

      assertThat(result(workflow).status()).isEqualTo(ActionStatus.CANCELLED);
      ConsentReceipt receipt = workflow.consent();
      assertThat(receipt.state()).isEqualTo(ConsentReceipt.State.EXPIRED);
      assertThat(receipt.expiredAt()).isBetween(receipt.expiresAt(), receipt.expiresAt().plusSeconds(60));
      assertThat(lastEvent().type()).isEqualTo(AuditEventType.CONFIRMATION_TIMED_OUT);
      assertThat(lastEvent().consent()).isEqualTo(receipt);
    }

    @Test
    void given_approvalOnly_when_asked_then_noReceiptAndNoEventCarriesOne() {
      GovernedActionWorkflow workflow = startAndAwaitDecision(supervisorApproval());

      assertThat(workflow.consent()).isNull();
      assertThat(audit.events("action-r-1")).extracting(AuditEvent::consent).containsOnlyNulls();
    }
  }
}

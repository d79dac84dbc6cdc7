package com.governedactions.api.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Approve;
import com.governedactions.action.AwaitDecision;
import com.governedactions.action.Cancel;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Confirm;
import com.governedactions.action.Customer;
import com.governedactions.action.GovernedActionInput;
import com.governedactions.action.GovernedActionWorkflow;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.Reject;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.ApiProperties;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.workflowservice.v1.ExecuteMultiOperationRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * ActionService against Temporal's test server, with a minimal stand-in for the GovernedAction
 * workflow: it waits for a confirmation, or closes at once for type "instant". What is under test
 * is the client side: update-with-start, idempotency on the requestId, and the fallbacks. What
 * PostgreSQL knows of an action comes from the real test database (GOVERNED_TEST_DB_URL).
 */
class ActionServiceTest {
  private static final ActionTrails TRAILS = new ActionTrails(JdbcClient.create(TrailDatabase.DATA_SOURCE));
  private final List<String> writtenTrails = new ArrayList<>();
  private TestWorkflowEnvironment env;
  private ActionService service;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(ActionIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(StandInWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
    service = new ActionService(client, new ApiProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(20)), TRAILS);
  }

  @AfterEach
  void stop() {
    service.stop();
    env.close();
    TrailDatabase.deleteActions(writtenTrails);
  }

  // ------------------------------------------------------- a trail in PostgreSQL, Temporal without it

  @Test
  void given_trailInPostgresThatTemporalLost_when_sameRequestSubmittedAgain_then_409NamingTheActionAndNothingStarts() {
    ActionRequest request = request(uniqueRequestId(), "refund", "25.00");
    String actionId = ActionIds.actionIdFor(request.requestId());
    writeTrailOfALostRun(request, ActionStatus.SUCCEEDED);

    ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> service.submit(request));

    assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
    ProblemDetail body = problem.toProblemDetail();
    assertThat(body.getType()).hasToString("https://governed-actions.dev/problems/action-lost-by-temporal");
    assertThat(body.getProperties())
        .containsEntry("actionId", actionId)
        .containsEntry("requestId", request.requestId())
        .containsEntry("lastKnownStatus", "SUCCEEDED");
    assertThat(body.getDetail())
        .contains(actionId, "last known status SUCCEEDED", "unknown to Temporal", "new requestId",
            "audit trail stays");
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(actionId).describe())
        .as("no second run was started")
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThat(TrailDatabase.eventCount(actionId)).as("the old trail is left as it was").isEqualTo(2);
  }

  @Test
  void given_trailInPostgresThatTemporalLost_when_aDifferentRequestUsesTheRequestId_then_the409AsWell() {
    ActionRequest first = request(uniqueRequestId(), "refund", "25.00");
    writeTrailOfALostRun(first, ActionStatus.AWAITING_CONFIRMATION);

    ApiProblem problem =
        catchThrowableOfType(ApiProblem.class, () -> service.submit(request(first.requestId(), "refund", "30.00")));

    assertThat(problem.slug()).isEqualTo("action-lost-by-temporal");
    assertThat(problem.toProblemDetail().getProperties()).containsEntry("lastKnownStatus", "AWAITING_CONFIRMATION");
  }

  @Test
  void given_runningActionWhoseTrailIsWritten_when_sameRequestSubmittedAgain_then_existingAsBefore() {
    ActionRequest request = request(uniqueRequestId(), "refund", "25.00");
    Submission first = service.submit(request);
    writeTrailOfALostRun(request, ActionStatus.AWAITING_CONFIRMATION); // what its first audit flush writes

    Submission again = service.submit(request);

    assertThat(first.outcome()).isEqualTo(Submission.Outcome.CREATED);
    assertThat(again.outcome()).isEqualTo(Submission.Outcome.EXISTING);
    assertThat(again.state().createdAt()).isEqualTo(first.state().createdAt());
  }

  @Test
  void given_closedActionTemporalStillKeeps_when_sameRequestSubmittedAgain_then_existingFromItsFinalState() {
    ActionRequest request = request(uniqueRequestId(), "instant", "1.00");
    service.submit(request);
    client.newUntypedWorkflowStub(ActionIds.actionIdFor(request.requestId())).getResult(ActionState.class);
    writeTrailOfALostRun(request, ActionStatus.SUCCEEDED);

    Submission again = service.submit(request);

    assertThat(again.outcome()).isEqualTo(Submission.Outcome.EXISTING);
    assertThat(again.state().status()).isEqualTo(ActionStatus.SUCCEEDED);
  }

  private String uniqueRequestId() {
    return "trail-test-" + UUID.randomUUID();
  }

  /** The list row and events a run writes through the real audit writer, as the lost run left them. */
  private void writeTrailOfALostRun(ActionRequest request, ActionStatus status) {
    String actionId = ActionIds.actionIdFor(request.requestId());
    writtenTrails.add(actionId);
    Instant at = Instant.parse("2026-11-20T10:00:00Z");
    AuditEvent requested = new AuditEvent(actionId, 1, at, AuditEventType.REQUESTED, request.type(),
        ActionStatus.EVALUATING, request.actor().id(), AuditEvent.AUTO, request.conversationId(),
        request.customer().id(), request.params(), null, null, null, null, List.of(), null, null);
    AuditEvent latest = new AuditEvent(actionId, 2, at.plusSeconds(1), AuditEventType.AUTO_FIRED, request.type(),
        status, request.actor().id(), AuditEvent.AUTO, request.conversationId(), request.customer().id(),
        request.params(), null, null, null, 1L, List.of("rule-1"), null, null);
    TrailDatabase.WRITER.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), at,
        List.of(requested, latest), null, "run-of-the-lost-engine"));
  }

  @Test
  void given_newRequest_when_submitted_then_createdWithTheStateAfterTheRuleCheck() {
    Submission submission = service.submit(request("r-1", "refund", "25.00"));

    assertThat(submission.outcome()).isEqualTo(Submission.Outcome.CREATED);
    assertThat(submission.state().actionId()).isEqualTo("action-r-1");
    assertThat(submission.state().status()).isEqualTo(ActionStatus.AWAITING_CONFIRMATION);
  }

  @Test
  void given_sameRequestTwice_when_submitted_then_theSecondFindsTheFirstAction() {
    Submission first = service.submit(request("r-2", "refund", "25.00"));
    Submission second = service.submit(request("r-2", "refund", "25.00"));

    assertThat(second.outcome()).isEqualTo(Submission.Outcome.EXISTING);
    assertThat(second.state().createdAt()).isEqualTo(first.state().createdAt());
  }

  @Test
  void given_requestIdTakenByAnotherRequest_when_submitted_then_conflictAndTheFirstActionIsUnchanged() {
    service.submit(request("r-3", "refund", "25.00"));

    Submission other = service.submit(request("r-3", "refund", "499.00"));

    assertThat(other.outcome()).isEqualTo(Submission.Outcome.CONFLICT);
    assertThat(service.state("action-r-3").params()).containsEntry("amount", "25.00");
  }

  @Test
  void given_closedAction_when_sameRequestSubmittedAgain_then_existingFromItsFinalState() {
    Submission first = service.submit(request("r-4", "instant", "1.00"));
    client.newUntypedWorkflowStub("action-r-4").getResult(ActionState.class);

    Submission again = service.submit(request("r-4", "instant", "1.00"));
    Submission different = service.submit(request("r-4", "instant", "2.00"));

    assertThat(first.outcome()).isEqualTo(Submission.Outcome.CREATED);
    assertThat(again.outcome()).isEqualTo(Submission.Outcome.EXISTING);
    assertThat(again.state().status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(different.outcome()).isEqualTo(Submission.Outcome.CONFLICT);
  }

  @Test
  void given_noSuchAction_when_read_then_404() {
    assertThatThrownBy(() -> service.state("action-missing"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
  }

  @Test
  void given_waitingAction_when_confirmed_then_acceptedWithTheNewState() {
    service.submit(request("r-5", "refund", "25.00"));

    InputOutcome outcome = service.decide("action-r-5", new HumanInput(HumanInput.Kind.CONFIRM, "chat-backend", null));

    assertThat(outcome.accepted()).isTrue();
    assertThat(outcome.state().status()).isEqualTo(ActionStatus.SUCCEEDED);
  }

  @Test
  void given_closedAction_when_decided_then_wrongStateNamingItsStatus() {
    service.submit(request("r-6", "instant", "1.00"));
    client.newUntypedWorkflowStub("action-r-6").getResult(ActionState.class);

    InputOutcome outcome = service.decide("action-r-6", new HumanInput(HumanInput.Kind.APPROVE, "alice", null));

    assertThat(outcome.accepted()).isFalse();
    assertThat(outcome.refusal()).isEqualTo(InputOutcome.Refusal.WRONG_STATE);
    assertThat(outcome.reason()).contains("SUCCEEDED");
  }

  @Test
  void given_noSuchAction_when_decided_then_404() {
    assertThatThrownBy(() -> service.decide("action-missing", new HumanInput(HumanInput.Kind.CONFIRM, "x", null)))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
  }

  /**
   * Found by WorkerCrashIT and DuplicateStormIT under load: the first attempt of a start did start
   * the run, its answer was lost, and Temporal answered each of the SDK's retries Unavailable
   * ("Workflow was not started: StartDeduped") until the deadline, so the API said 503 "nothing was
   * changed" about an action it had created. Here every start under the FAIL policy reaches the
   * server and is answered Unavailable.
   */
  @Test
  void given_startsAnsweredUnavailableAfterTheRunStarted_when_submitted_then_createdWithinTheTimeout() {
    LostStartAnswers lost = new LostStartAnswers();
    try (TestWorkflowEnvironment flaky = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
            .setGrpcClientInterceptors(List.of(lost)).build())
        .build())) {
      flaky.newWorker(ActionIds.TASK_QUEUE).registerWorkflowImplementationTypes(StandInWorkflow.class);
      flaky.start();
      ActionService patient =
          new ActionService(
              flaky.getWorkflowClient(), new ApiProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(4)), TRAILS);
      try {
        Submission waiting = patient.submit(request("r-10", "refund", "25.00"));
        Submission closed = patient.submit(request("r-11", "instant", "1.00"));

        assertThat(lost.answeredUnavailable()).as("starts whose answer was lost").isGreaterThanOrEqualTo(2);
        assertThat(waiting.outcome()).isEqualTo(Submission.Outcome.CREATED);
        assertThat(waiting.state().status()).isEqualTo(ActionStatus.AWAITING_CONFIRMATION);
        assertThat(closed.outcome()).isEqualTo(Submission.Outcome.CREATED);
        assertThat(closed.state().status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(patient.submit(request("r-10", "refund", "25.00")).outcome())
            .as("the same request again").isEqualTo(Submission.Outcome.EXISTING);
      } finally {
        patient.stop();
      }
    }
  }

  @Test
  void given_noWorkerAnswers_when_submitted_then_504AfterTheTimeoutInsteadOfHanging() {
    try (TestWorkflowEnvironment idle = TestWorkflowEnvironment.newInstance()) {
      idle.start();
      ActionService impatient =
          new ActionService(
              idle.getWorkflowClient(), new ApiProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(1)), TRAILS);
      try {
        assertThatThrownBy(() -> impatient.submit(request("r-7", "refund", "25.00")))
            .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
      } finally {
        impatient.stop();
      }
    }
  }

  /**
   * Found by DuplicateStormIT: a query that outlives the deadline surfaces as a cancelled gRPC call
   * wrapped in a WorkflowServiceException, not as DEADLINE_EXCEEDED, and was answered 500.
   */
  @Test
  void given_closedActionAndNoWorkerToAnswerItsQuery_when_read_then_504AfterTheTimeout() {
    service.submit(request("r-8", "instant", "1.00"));
    client.newUntypedWorkflowStub("action-r-8").getResult(ActionState.class);
    env.getWorkerFactory().shutdownNow();
    env.getWorkerFactory().awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    ActionService impatient =
        new ActionService(client, new ApiProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(1)), TRAILS);
    try {
      assertThatThrownBy(() -> impatient.state("action-r-8"))
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
    } finally {
      impatient.stop();
    }
  }

  @Test
  void given_aTemporalCallCancelledBetweenTwoRetriesByTheDeadline_when_mapped_then_504NotA500() {
    var cancelled = new io.temporal.client.WorkflowServiceException(
        io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId("action-r-9").build(), "GovernedAction",
        new java.util.concurrent.CancellationException("The gRPC request was cancelled"));

    assertThat(service.unavailableOr(cancelled))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
  }

  private static ActionRequest request(String requestId, String type, String amount) {
    return new ActionRequest(
        requestId,
        type,
        Map.of("orderId", "A-1001", "amount", amount, "currency", "USD", "quantity", 2),
        new Actor(ActorType.AI, "support-bot", List.of()),
        new Customer("C-42", "vip", "otp"),
        "conv-81",
        "chat",
        "chat-backend");
  }

  /** Stand-in for the real workflow: only the contract the API relies on. */
  public static class StandInWorkflow implements GovernedActionWorkflow {
    private ActionState state;

    @Override
    public ActionState run(GovernedActionInput input) {
      ActionRequest r = input.request();
      Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      boolean instant = r.type().equals("instant");
      state =
          new ActionState(
              ActionIds.actionIdFor(r.requestId()), r.requestId(),
              instant ? ActionStatus.SUCCEEDED : ActionStatus.AWAITING_CONFIRMATION,
              r.type(), r.params(), r.actor(), r.customer(), r.conversationId(), r.channel(),
              null, null, null, null, now, now, CanonicalHash.ofRequest(r), r.submittedBy());
      Workflow.await(() -> state.status().isTerminal());
      Workflow.await(Workflow::isEveryHandlerFinished);
      return state;
    }

    @Override
    public ActionState awaitDecision(AwaitDecision request) {
      Workflow.await(() -> state != null);
      return state;
    }

    @Override
    public InputOutcome decide(HumanInput input) {
      if (state.status() != ActionStatus.AWAITING_CONFIRMATION || input.kind() != HumanInput.Kind.CONFIRM) {
        return InputOutcome.refused(InputOutcome.Refusal.WRONG_STATE, "not awaiting " + input.kind(), state);
      }
      state = withStatus(ActionStatus.SUCCEEDED);
      return InputOutcome.accepted(state);
    }

    private ActionState withStatus(ActionStatus status) {
      ActionState s = state;
      return new ActionState(s.actionId(), s.requestId(), status, s.type(), s.params(), s.actor(), s.customer(),
          s.conversationId(), s.channel(), s.decision(), s.confirmation(), s.approval(), s.result(),
          s.createdAt(), s.updatedAt(), s.requestHash(), s.submittedBy());
    }

    @Override
    public ActionState state() {
      return state;
    }

    @Override
    public com.governedactions.action.ConsentReceipt consent() {
      return null;
    }

    @Override
    public void approve(Approve approve) {}

    @Override
    public void reject(Reject reject) {}

    @Override
    public void confirm(Confirm confirm) {}

    @Override
    public void cancel(Cancel cancel) {}
  }

  /**
   * Passes every update-with-start to the server and, for one under the FAIL conflict policy,
   * answers the client Unavailable instead of the server's answer: a start that happened, reported
   * as one that could not be made.
   */
  static final class LostStartAnswers implements ClientInterceptor {
    private final java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();

    int answeredUnavailable() {
      return unavailable.get();
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      if (!method.getFullMethodName().endsWith("/ExecuteMultiOperation")) {
        return next.newCall(method, options);
      }
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        private volatile boolean lose;

        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onMessage(A message) {
              if (!lose) {
                super.onMessage(message);
              }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              if (lose) {
                unavailable.incrementAndGet();
                super.onClose(Status.UNAVAILABLE.withDescription("Workflow was not started: StartDeduped"), new Metadata());
              } else {
                super.onClose(status, trailers);
              }
            }
          }, headers);
        }

        @Override
        public void sendMessage(Q message) {
          lose = ((ExecuteMultiOperationRequest) message).getOperations(0).getStartWorkflow()
              .getWorkflowIdConflictPolicy() == WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL;
          super.sendMessage(message);
        }
      };
    }
  }
}

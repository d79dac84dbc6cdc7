package com.governedactions.api.action;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.AwaitDecision;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.GovernedActionInput;
import com.governedactions.action.GovernedActionWorkflow;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.ApiProperties;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.common.converter.DataConverter;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The API's calls into Temporal: start an action and wait for its rule check, read its state, and
 * give it a human input. Every call is bounded by {@code governed.api.temporal-timeout}.
 */
@Service
public class ActionService {
  /**
   * A memo written only by the start that creates the workflow. Read only for a request whose
   * action already existed: the SDK retries a start whose answer was lost, and Temporal answers
   * that retry as a duplicate of the start it already made, which this call still created.
   */
  static final String START_TOKEN = "apiStartToken";
  private static final String TEMPORAL_UNAVAILABLE = "temporal-unavailable";
  private static final String TEMPORAL_TIMEOUT = "temporal-timeout";

  private final WorkflowClient client;
  private final Duration timeout;
  private final ActionTrails trails;
  private final ScheduledThreadPoolExecutor deadlines = deadlineTimer();

  ActionService(WorkflowClient client, ApiProperties properties, ActionTrails trails) {
    this.client = client;
    this.timeout = properties.temporalTimeout();
    this.trails = trails;
  }

  @PreDestroy
  void stop() {
    deadlines.shutdownNow();
  }

  /**
   * Fires the gRPC deadlines of Temporal calls. Notifications arriving after shutdown are dropped:
   * nobody is left waiting for them.
   */
  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "temporal-call-deadlines");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.DiscardPolicy());
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * Starts the action for {@code request} (or finds the one its requestId already started) and
   * returns its state once the rule check is done. Idempotent on the requestId. Refused with 409
   * when PostgreSQL has a trail of the action but Temporal does not know it: starting it would run
   * it a second time.
   */
  public Submission submit(ActionRequest request) {
    return withinOneTimeout(() -> submitBounded(request));
  }

  private Submission submitBounded(ActionRequest request) {
    String actionId = ActionIds.actionIdFor(request.requestId());
    refuseTrailWithoutWorkflow(actionId, request.requestId());
    // First as a start that fails when the action exists: when it succeeds, this call created the
    // action (201), known from the one RPC, without asking Temporal who started the run.
    String startToken = UUID.randomUUID().toString();
    try {
      ActionState created = withinHalfTheTimeLeft(() -> startAndAwaitDecision(
          actionId, request, startToken, WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL));
      return new Submission(Submission.Outcome.CREATED, created);
    } catch (WorkflowException e) {
      if (!isClosedAlready(e)) {
        throw e;
      }
    } catch (ApiProblem e) {
      // When the SDK retries this start after its first attempt did start the run (an answer lost
      // under load), Temporal answers every retry Unavailable ("Workflow was not started:
      // StartDeduped") once the run has closed, and the SDK retries that until the deadline. So
      // Unavailable or no answer here does not mean nothing changed: the attempt gets half the time,
      // and the same call without the FAIL policy tells, in the other half, what happened.
      if (!e.slug().equals(TEMPORAL_UNAVAILABLE) && !e.slug().equals(TEMPORAL_TIMEOUT)) {
        throw e;
      }
    }
    // The action exists, or may: a retry, a concurrent twin that won the start, or this call's own
    // start whose answer was lost and which the SDK's retry found (the memo tells).
    String requestHash = CanonicalHash.ofRequest(asTheWorkflowSeesIt(request));
    ActionState state;
    try {
      state = startAndAwaitDecision(
          actionId, request, startToken, WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    } catch (WorkflowException e) {
      if (!isClosedAlready(e)) {
        throw e;
      }
      // The reuse policy refuses a second run, so a closed action answers from its final state.
      state = finalState(actionId);
    }
    Submission.Outcome outcome = existing(state, requestHash);
    if (outcome == Submission.Outcome.EXISTING && startedBy(actionId, startToken)) {
      outcome = Submission.Outcome.CREATED;
    }
    return new Submission(outcome, state);
  }

  /**
   * Update-with-start of {@code awaitDecision}: the state once the rule check is done. The reuse
   * policy never starts a second run under a closed action's id (that fails as already started).
   */
  private ActionState startAndAwaitDecision(
      String actionId, ActionRequest request, String startToken, WorkflowIdConflictPolicy conflict) {
    GovernedActionWorkflow workflow =
        client.newWorkflowStub(
            GovernedActionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(actionId)
                .setTaskQueue(ActionIds.TASK_QUEUE)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(conflict)
                .setMemo(Map.of(START_TOKEN, startToken))
                .build());
    return bounded(
        () ->
            WorkflowClient.startUpdateWithStart(
                    workflow::awaitDecision,
                    new AwaitDecision(),
                    UpdateOptions.<ActionState>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED).build(),
                    new WithStartWorkflowOperation<>(workflow::run, new GovernedActionInput(request)))
                .getResult(remainingMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * The action's list row and audit events are written by its workflow's first audit flush, after
   * Temporal started it; so a trail in PostgreSQL that Temporal does not know means Temporal lost or
   * forgot the run (an engine reset, a dev server's in-memory store, retention), not a first
   * submission still in flight, which Temporal knows and which answers as before. Checked before
   * the start, which would otherwise begin a new run under the old action id. PostgreSQL is asked
   * on every submission (three index look-ups), Temporal only when PostgreSQL knows the action.
   */
  private void refuseTrailWithoutWorkflow(String actionId, String requestId) {
    Optional<ActionTrails.KnownAction> known = trails.find(actionId);
    if (known.isEmpty() || temporalKnows(actionId)) {
      return;
    }
    ActionStatus status = known.get().lastKnownStatus();
    String was = status == null ? "" : " (last known status " + status + ")";
    ApiProblem problem =
        ApiProblem.conflict(
                "action-lost-by-temporal",
                "requestId belongs to an action Temporal no longer knows",
                "requestId '" + requestId + "' belongs to action " + actionId + was + ", which has an audit trail"
                    + " but is unknown to Temporal (its history was removed by retention, or Temporal was reset)."
                    + " It is not started again: that would run it a second time. To request it anew, submit"
                    + " with a new requestId; the old action's audit trail stays as it is.")
            .with("actionId", actionId)
            .with("requestId", requestId);
    throw status == null ? problem : problem.with("lastKnownStatus", status.name());
  }

  private boolean temporalKnows(String actionId) {
    try {
      bounded(() -> client.newUntypedWorkflowStub(actionId).describe());
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (WorkflowServiceException e) {
      if (statusCode(e) == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** The action's current state; 404 when there is no such action. */
  public ActionState state(String actionId) {
    GovernedActionWorkflow workflow = client.newWorkflowStub(GovernedActionWorkflow.class, actionId);
    try {
      return bounded(workflow::state);
    } catch (WorkflowNotFoundException e) {
      throw notFound(actionId);
    }
  }

  /**
   * The consent receipt of the action's last confirmation question (issue 15); 404 when there is no
   * such action, or when it never asked the customer (or asked before receipts were kept).
   */
  public ConsentReceipt consent(String actionId) {
    return findConsent(actionId).orElseThrow(() -> ApiProblem.notFound("no-consent-receipt", "No consent receipt",
        "Action " + actionId + " has no consent receipt: it did not ask the customer to confirm, or asked before"
            + " receipts were kept."));
  }

  /**
   * The consent receipt of the action's last confirmation question, empty when it never asked the
   * customer (or asked before receipts were kept); 404 when there is no such action. What
   * {@link #consent} answers, for readers that show "none" rather than refuse (the console).
   */
  public Optional<ConsentReceipt> findConsent(String actionId) {
    GovernedActionWorkflow workflow = client.newWorkflowStub(GovernedActionWorkflow.class, actionId);
    try {
      return Optional.ofNullable(bounded(workflow::consent));
    } catch (WorkflowNotFoundException e) {
      throw notFound(actionId);
    }
  }

  /**
   * A closed action's state, read from its result in the history: unlike a query, that needs no
   * worker to replay the workflow, so duplicates of finished requests stay cheap under load. Falls
   * back to the query for a run that did not complete normally (terminated, failed).
   */
  private ActionState finalState(String actionId) {
    try {
      return bounded(() -> client.newUntypedWorkflowStub(actionId).getResult(ActionState.class));
    } catch (io.temporal.client.WorkflowFailedException e) {
      return state(actionId);
    } catch (WorkflowNotFoundException e) {
      throw notFound(actionId);
    }
  }

  /**
   * Gives the action a human input through the {@code decide} update; the workflow checks roles,
   * separation of duties and state itself. A closed action refuses every input as WRONG_STATE.
   */
  public InputOutcome decide(String actionId, HumanInput input) {
    return withinOneTimeout(() -> decideBounded(actionId, input));
  }

  private InputOutcome decideBounded(String actionId, HumanInput input) {
    GovernedActionWorkflow workflow = client.newWorkflowStub(GovernedActionWorkflow.class, actionId);
    try {
      return bounded(() -> WorkflowStub.fromTyped(workflow)
          .startUpdate(
              UpdateOptions.newBuilder(InputOutcome.class)
                  .setUpdateName("decide")
                  .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                  .build(),
              input)
          .getResult(remainingMillis(), TimeUnit.MILLISECONDS));
    } catch (WorkflowNotFoundException e) {
      // Temporal answers "not found" both for no such workflow and for one already closed.
      ActionState closed = finalState(actionId);
      return InputOutcome.refused(
          InputOutcome.Refusal.WRONG_STATE,
          "Action " + actionId + " is " + closed.status() + " and takes no more input.",
          closed);
    }
  }

  static ApiProblem notFound(String actionId) {
    return ApiProblem.notFound("action-not-found", "No such action",
        "There is no action '" + actionId + "'. Use the actionId returned by POST /api/v1/actions.");
  }

  private boolean startedBy(String actionId, String startToken) {
    Object token =
        bounded(() -> client.newUntypedWorkflowStub(actionId).describe().getMemo(START_TOKEN, String.class));
    return startToken.equals(token);
  }

  /** An action that existed before this call: the same request again, or another under its id. */
  private static Submission.Outcome existing(ActionState state, String requestHash) {
    return requestHash.equals(state.requestHash())
        ? Submission.Outcome.EXISTING
        : Submission.Outcome.CONFLICT;
  }

  /**
   * The request as the workflow will hash it: after the trip through Temporal's data converter, so
   * that, say, a JSON number in params compares equal on both sides.
   */
  private ActionRequest asTheWorkflowSeesIt(ActionRequest request) {
    DataConverter converter = client.getOptions().getDataConverter();
    Payload payload =
        converter
            .toPayload(request)
            .orElseThrow(() -> new IllegalStateException("the data converter dropped the request"));
    return converter.fromPayload(payload, ActionRequest.class, ActionRequest.class);
  }

  private static boolean isClosedAlready(WorkflowException e) {
    return e instanceof WorkflowExecutionAlreadyStarted
        || statusCode(e) == Status.Code.ALREADY_EXISTS;
  }

  /**
   * One deadline for everything a request asks Temporal: the calls inside derive their contexts
   * from this one, and gRPC takes the earlier deadline, so a submission that needs a start, a
   * describe and a result read still answers within {@code governed.api.temporal-timeout}, not a
   * multiple of it.
   */
  private <T> T withinOneTimeout(Callable<T> calls) {
    return within(timeout.toMillis(), calls);
  }

  /** A first attempt that must leave time for a second one: half of what is left of the deadline. */
  private <T> T withinHalfTheTimeLeft(Callable<T> calls) {
    return within(Math.max(1, remainingMillis() / 2), calls);
  }

  private <T> T within(long millis, Callable<T> calls) {
    Context.CancellableContext context =
        Context.current().withDeadlineAfter(millis, TimeUnit.MILLISECONDS, deadlines);
    try {
      return context.call(calls);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("unexpected checked exception from a Temporal call", e);
    } finally {
      context.cancel(null);
    }
  }

  /**
   * What is left of this request's deadline. An update's result is waited for with this bound
   * explicitly: the SDK polls for it again after each long poll, and a cut-off poll alone did not
   * end the wait (a rule check waiting for PostgreSQL held a POST for a minute).
   */
  private long remainingMillis() {
    io.grpc.Deadline deadline = Context.current().getDeadline();
    return deadline == null ? timeout.toMillis() : Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
  }

  /**
   * Runs one Temporal call within the request's deadline (a call outside any request gets one of
   * its own), turning an outage or a timeout into 503 or 504.
   */
  private <T> T bounded(Callable<T> call) {
    return withinOneTimeout(() -> {
      try {
        return call.call();
      } catch (WorkflowServiceException e) {
        throw unavailableOr(e);
      }
    });
  }

  /**
   * A call cut off by our deadline shows up as DEADLINE_EXCEEDED or CANCELLED, or, when the SDK was
   * between two retries of it, as a {@link java.util.concurrent.CancellationException} cause.
   */
  RuntimeException unavailableOr(WorkflowServiceException e) {
    Status.Code code = statusCode(e);
    if (e instanceof WorkflowUpdateTimeoutOrCancelledException
        || e.getCause() instanceof WorkflowUpdateTimeoutOrCancelledException
        || e.getCause() instanceof java.util.concurrent.CancellationException
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.CANCELLED) {
      return new ApiProblem(HttpStatus.GATEWAY_TIMEOUT, TEMPORAL_TIMEOUT, "Temporal did not answer in time",
          "No answer from Temporal within " + timeout.toSeconds() + "s. Repeat the same request: it is"
              + " idempotent (the same requestId never starts a second action).");
    }
    if (code == Status.Code.UNAVAILABLE) {
      return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, TEMPORAL_UNAVAILABLE, "Temporal unavailable",
          "Temporal cannot be reached right now. Repeat the same request later; nothing was changed.");
    }
    return e;
  }

  private static Status.Code statusCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        return status.getStatus().getCode();
      }
    }
    return null;
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.PlannedStep;
import com.governedactions.action.ActionState.StepView;
import com.governedactions.action.workflow.Journal.Entry;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.connector.ConnectorActivities;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepFailure;
import com.governedactions.action.connector.StepOutcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The execution of an action: the connector calls of its plan, as a saga: each step's compensation is registered before
 * its call, and when a step fails the registered ones run in reverse order in a detached scope.
 * Workflow code: it runs on the workflow's thread and its activities are the workflow's commands.
 */
final class ConnectorSteps {
  private static final Logger log = Workflow.getLogger(ConnectorSteps.class);
  private static final String COMPENSATE_SUFFIX = ":compensate";

  private final ConnectorActivities connector =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.CONNECTOR);
  private final ConnectorActivities compensator =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.COMPENSATION);
  private final ActionProgress progress;
  private final ActionRecorder recorder;

  ConnectorSteps(ActionProgress progress, ActionRecorder recorder) {
    this.progress = progress;
    this.recorder = recorder;
  }

  /**
   * Executes {@code plan} to the action's end: SUCCEEDED, or FAILED with its steps compensated.
   *
   * @param recheck the re-check's note when one ran just before; null otherwise
   */
  void execute(List<PlannedStep> plan, String recheck) {
    recorder.moveTo(ActionStatus.EXECUTING);
    String steps = plan.size() + " step(s)" + (recheck == null ? "" : "; " + recheck);
    recorder.record(Entry.auto(AuditEventType.EXECUTION_STARTED, steps));
    recorder.flush();
    if (run(plan)) {
      recorder.end(ActionStatus.SUCCEEDED, AuditEventType.SUCCEEDED, null);
    } else {
      recorder.end(ActionStatus.FAILED, AuditEventType.FAILED, progress.error());
    }
  }

  /** Runs {@code plan}; true when every step succeeded, false when one failed and was compensated. */
  private boolean run(List<PlannedStep> plan) {
    String actionId = progress.actionId();
    List<Runnable> compensations = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      PlannedStep step = plan.get(i);
      String key = ActionIds.idempotencyKey(actionId, i, step.operation());
      StepOutcome[] forward = new StepOutcome[1];
      int index = i;
      // Registered before the call: a call that failed (or crashed) half-way may still have had an
      // effect, so its compensation runs too, and is a no-op if nothing happened.
      if (step.compensation() != null) {
        compensations.add(() -> compensate(index, step, key, forward[0]));
      }
      long started = Workflow.currentTimeMillis();
      try {
        forward[0] =
            connector.execute(new StepCommand(actionId, i, step.operation(), progress.request().params(), key, null));
        done(step.operation(), "SUCCEEDED", AuditEventType.STEP_SUCCEEDED, forward[0].statusCode(),
            forward[0].summary(), started);
      } catch (ActivityFailure failure) {
        StepFailure cause = ActivityFailures.stepFailure(failure);
        done(step.operation(), "FAILED", AuditEventType.STEP_FAILED, cause.statusCode(), cause.summary(), started);
        progress.failed(step.operation() + " failed: " + cause.summary());
        Workflow.newDetachedCancellationScope(() -> compensateAll(compensations)).run();
        return false;
      }
    }
    return true;
  }

  private static void compensateAll(List<Runnable> compensations) {
    for (int i = compensations.size() - 1; i >= 0; i--) {
      compensations.get(i).run();
    }
  }

  private void compensate(int index, PlannedStep step, String forwardKey, StepOutcome forward) {
    long started = Workflow.currentTimeMillis();
    String operation = step.compensation();
    try {
      StepOutcome undone =
          compensator.compensate(
              new StepCommand(progress.actionId(), index, operation, progress.request().params(),
                  forwardKey + COMPENSATE_SUFFIX, forward == null ? null : forward.data()));
      done(operation, "COMPENSATED", AuditEventType.COMPENSATED, undone.statusCode(), undone.summary(), started);
    } catch (ActivityFailure failure) {
      StepFailure cause = ActivityFailures.stepFailure(failure);
      done(operation, "COMPENSATION_FAILED", AuditEventType.COMPENSATION_FAILED, cause.statusCode(), cause.summary(),
          started);
      progress.compensationFailed(operation, cause.summary());
      log.error("action {}: compensation {} failed: {}", progress.actionId(), operation, cause.summary());
    }
  }

  private void done(String operation, String state, AuditEventType type, Integer statusCode, String summary,
      long startedMillis) {
    progress.step(new StepView(operation, state, statusCode, summary));
    recorder.record(Entry.step(type, statusCode, summary, Workflow.currentTimeMillis() - startedMillis, operation));
  }
}

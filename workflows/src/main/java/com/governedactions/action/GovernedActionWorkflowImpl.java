package com.governedactions.action;

import com.governedactions.action.ActionState.StepView;
import com.governedactions.action.Journal.Entry;
import com.governedactions.audit.AuditActivities;
import com.governedactions.audit.AuditBatch;
import com.governedactions.audit.AuditEventType;
import com.governedactions.connector.ConnectorActivities;
import com.governedactions.connector.StepCommand;
import com.governedactions.connector.StepFailure;
import com.governedactions.connector.StepOutcome;
import com.governedactions.directory.DirectoryActivities;
import com.governedactions.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalLookup;
import com.governedactions.rules.EvaluateCommand;
import com.governedactions.rules.Evaluation;
import com.governedactions.rules.RuleActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Governs one action: rule check, confirmation, approval with SLA tiers, execution with
 * compensation, and an audit event for every transition. It orchestrates; what the steps mean is
 * decided by {@link ActionProgress}, {@link ApprovalRound}, {@link Recheck}, {@link Journal} and
 * {@link SeparationOfDuties}.
 *
 * <p>Audit events are collected as they happen and written in batches by a local activity before
 * every wait and at the end: nothing is externally visible before its events are stored, and a
 * workflow task re-run after a crash writes the same (action id, sequence) rows again, which the
 * store takes as a no-op; other content under a stored key stops the workflow task.
 */
public class GovernedActionWorkflowImpl implements GovernedActionWorkflow {
  private static final Logger log = Workflow.getLogger(GovernedActionWorkflowImpl.class);
  private static final String COMPENSATE_SUFFIX = ":compensate";
  /** Change id: the rule check runs again before execution, and approvals are bound (issue 3). */
  static final String RECHECK_BEFORE_EXECUTION = "recheck-before-execution";
  /**
   * Change id: an audit write the store refuses as a conflict fails the workflow task (the workflow
   * stays open, retried and visible) instead of failing the workflow or an update.
   */
  static final String AUDIT_CONFLICT_FAILS_TASK = "audit-conflict-fails-task";
  /**
   * Change id: an accepted approval or confirmation answers once the main loop has acted on it
   * (executing, waiting for more, or ended), not the state of the moment it was recorded (issue 16).
   */
  static final String ANSWER_AFTER_INPUT_TAKES_EFFECT = "answer-after-input-takes-effect";
  /**
   * Change id: a request too incomplete to judge (no actor, no type...) is denied by the workflow
   * itself, without a rule check (issue 12). Asked for only by such requests.
   */
  static final String DENY_INCOMPLETE_REQUEST = "deny-incomplete-request";

  private final RuleActivities rules = Workflow.newLocalActivityStub(RuleActivities.class, ActionActivityOptions.RULES);
  private final DirectoryActivities directory =
      Workflow.newLocalActivityStub(DirectoryActivities.class, ActionActivityOptions.DIRECTORY);
  private final AuditActivities audit = Workflow.newLocalActivityStub(AuditActivities.class, ActionActivityOptions.AUDIT);
  private final ConnectorActivities connector =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.CONNECTOR);
  private final ConnectorActivities compensator =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.COMPENSATION);

  private final ActionProgress progress;
  private final ApprovalRound round;
  private final Journal journal;

  @WorkflowInit
  public GovernedActionWorkflowImpl(GovernedActionInput input) {
    String actionId = Workflow.getInfo().getWorkflowId();
    this.progress = new ActionProgress(actionId, input.request(), now());
    this.round = progress.approval();
    this.journal = new Journal(actionId, input.request());
  }

  @Override
  public ActionState run(GovernedActionInput input) {
    ActionRequest request = progress.request();
    Workflow.upsertTypedSearchAttributes(
        ActionSearchAttributes.ACTION_TYPE.valueSet(request.type()),
        ActionSearchAttributes.STATUS.valueSet(progress.status().name()));
    record(Entry.auto(AuditEventType.REQUESTED, null));
    List<String> problems = request.problems();
    if (!problems.isEmpty() && Workflow.getVersion(DENY_INCOMPLETE_REQUEST, Workflow.DEFAULT_VERSION, 1) == 1) {
      progress.decided(Decision.invalidRequest(problems));
      return finish(ActionStatus.DENIED, AuditEventType.DENIED, progress.decision().reason());
    }
    Evaluation evaluation = rules.evaluate(new EvaluateCommand(progress.actionId(), request));
    Decision decision = evaluation.decision();
    progress.decided(decision);
    switch (decision.effect()) {
      case DENY -> {
        return finish(ActionStatus.DENIED, AuditEventType.DENIED, decision.reason());
      }
      case ESCALATE -> {
        return finish(ActionStatus.ESCALATED, AuditEventType.ESCALATED, progress.escalationNote(decision.reason()));
      }
      default -> {}
    }
    boolean waitsForPeople = decision.confirmationRequired() || decision.approval() != null;
    if (decision.confirmationRequired() && !awaitConfirmation(evaluation)) {
      return complete();
    }
    if (decision.approval() != null && !awaitApproval(decision.approval())) {
      return complete();
    }
    if (!waitsForPeople) {
      record(Entry.auto(AuditEventType.AUTO_FIRED, "allowed by " + decision.rules()));
    }
    // Only a wait for people leaves time for the policy to change; an action decided a moment ago
    // is not checked twice.
    String recheck = null;
    if (waitsForPeople && Workflow.getVersion(RECHECK_BEFORE_EXECUTION, Workflow.DEFAULT_VERSION, 1) == 1) {
      recheck = recheckBeforeExecution();
      if (recheck == null) {
        return complete();
      }
    }
    execute(evaluation.plan(), recheck);
    return complete();
  }

  /** @return a note for the audit trail when the action may execute; null when it ended */
  private String recheckBeforeExecution() {
    while (true) {
      Evaluation fresh = rules.evaluate(new EvaluateCommand(progress.actionId(), progress.request()));
      Recheck recheck = Recheck.of(fresh.decision(), progress.confirmed(), round, progress.paramsHash());
      if (recheck.outcome() == Recheck.Outcome.PROCEED) {
        return recheck.detail();
      }
      progress.decided(fresh.decision());
      switch (recheck.outcome()) {
        case DENIED -> {
          end(ActionStatus.DENIED, AuditEventType.DENIED, recheck.detail());
          return null;
        }
        case ESCALATED -> {
          end(ActionStatus.ESCALATED, AuditEventType.ESCALATED, recheck.detail());
          return null;
        }
        case NEEDS_CONFIRMATION -> {
          record(Entry.auto(AuditEventType.POLICY_RECHECKED, recheck.detail()));
          if (!awaitConfirmation(fresh)) {
            return null;
          }
        }
        default -> {
          record(Entry.auto(AuditEventType.POLICY_RECHECKED, recheck.detail()));
          round.restart(); // the approvals stay in the audit trail; they answered another requirement
          if (!awaitApproval(fresh.decision().approval())) {
            return null;
          }
        }
      }
    }
  }

  /** Waits for the customer's answer; true once confirmed. */
  private boolean awaitConfirmation(Evaluation evaluation) {
    progress.askCustomer(evaluation.confirmationText(), now().plus(evaluation.confirmationTimeout()));
    moveTo(ActionStatus.AWAITING_CONFIRMATION);
    record(Entry.auto(AuditEventType.CONFIRMATION_REQUESTED, evaluation.confirmationText()));
    flushAudit();

    boolean answered =
        Workflow.await(evaluation.confirmationTimeout(), () -> progress.confirmed() || progress.cancelled());
    if (progress.cancelled()) {
      return false; // the cancel input recorded its own event
    }
    if (!answered) {
      progress.confirmationTimedOut();
      moveTo(ActionStatus.CANCELLED);
      record(Entry.auto(AuditEventType.CONFIRMATION_TIMED_OUT,
          "no answer from the customer within " + evaluation.confirmationTimeout()));
      return false;
    }
    return true;
  }

  /** Walks the approval tiers; true once enough distinct people approved. */
  private boolean awaitApproval(ApprovalRequirement approval) {
    round.await(approval);
    moveTo(ActionStatus.AWAITING_APPROVAL);
    for (int tier = 0; ; tier++) {
      record(Entry.auto(AuditEventType.APPROVAL_REQUESTED, round.enterTier(tier, now())));
      flushAudit();

      Workflow.await(round.currentTier().sla(), () -> round.decided(progress.cancelled()));
      if (round.rejected() || progress.cancelled()) {
        return false; // the input recorded its own event
      }
      if (round.enoughApprovals()) {
        round.grant();
        return true;
      }
      boolean last = round.lastTier();
      if (last) {
        moveTo(approval.onTimeout().status());
      }
      record(Entry.auto(AuditEventType.APPROVAL_TIMED_OUT, round.breached(progress.escalationNote("approval timed out"))));
      if (last) {
        return false;
      }
    }
  }

  private void execute(List<PlannedStep> plan, String recheck) {
    moveTo(ActionStatus.EXECUTING);
    record(Entry.auto(AuditEventType.EXECUTION_STARTED, plan.size() + " step(s)" + (recheck == null ? "" : "; " + recheck)));
    flushAudit();

    String actionId = progress.actionId();
    Map<String, Object> params = progress.request().params();
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
        forward[0] = connector.execute(new StepCommand(actionId, i, step.operation(), params, key, null));
        step(step.operation(), "SUCCEEDED", AuditEventType.STEP_SUCCEEDED, forward[0].statusCode(), forward[0].summary(), started);
      } catch (ActivityFailure failure) {
        StepFailure cause = ActivityFailures.stepFailure(failure);
        step(step.operation(), "FAILED", AuditEventType.STEP_FAILED, cause.statusCode(), cause.summary(), started);
        progress.failed(step.operation() + " failed: " + cause.summary());
        Workflow.newDetachedCancellationScope(() -> {
          for (int c = compensations.size() - 1; c >= 0; c--) {
            compensations.get(c).run();
          }
        }).run();
        end(ActionStatus.FAILED, AuditEventType.FAILED, progress.error());
        return;
      }
    }
    end(ActionStatus.SUCCEEDED, AuditEventType.SUCCEEDED, null);
  }

  private void compensate(int index, PlannedStep step, String forwardKey, StepOutcome forward) {
    long started = Workflow.currentTimeMillis();
    String operation = step.compensation();
    try {
      StepOutcome undone = compensator.compensate(new StepCommand(progress.actionId(), index, operation,
          progress.request().params(), forwardKey + COMPENSATE_SUFFIX, forward == null ? null : forward.data()));
      step(operation, "COMPENSATED", AuditEventType.COMPENSATED, undone.statusCode(), undone.summary(), started);
    } catch (ActivityFailure failure) {
      StepFailure cause = ActivityFailures.stepFailure(failure);
      step(operation, "COMPENSATION_FAILED", AuditEventType.COMPENSATION_FAILED, cause.statusCode(), cause.summary(), started);
      progress.compensationFailed(operation, cause.summary());
      log.error("action {}: compensation {} failed: {}", progress.actionId(), operation, cause.summary());
    }
  }

  private void step(String operation, String state, AuditEventType type, Integer statusCode, String summary, long started) {
    progress.step(new StepView(operation, state, statusCode, summary));
    record(Entry.step(type, statusCode, summary, Workflow.currentTimeMillis() - started, operation));
  }

  // ---------------------------------------------------------------- human inputs

  @Override
  public void approve(Approve approve) {
    handle(new HumanInput(HumanInput.Kind.APPROVE, approve.approver(), approve.comment()));
  }

  @Override
  public void reject(Reject reject) {
    handle(new HumanInput(HumanInput.Kind.REJECT, reject.approver(), reject.reason()));
  }

  @Override
  public void confirm(Confirm confirm) {
    handle(new HumanInput(HumanInput.Kind.CONFIRM, confirm == null ? null : confirm.by(), null));
  }

  @Override
  public void cancel(Cancel cancel) {
    handle(new HumanInput(
        HumanInput.Kind.CANCEL, cancel == null ? null : cancel.by(), cancel == null ? null : cancel.reason()));
  }

  @Override
  public InputOutcome decide(HumanInput input) {
    return handle(input);
  }

  /** The one path for every human input, whichever way it came in. */
  private InputOutcome handle(HumanInput input) {
    boolean decision = input.kind() == HumanInput.Kind.APPROVE || input.kind() == HumanInput.Kind.REJECT;
    PrincipalInfo who = decision && input.by() != null && !input.by().isBlank()
        ? directory.lookup(new PrincipalLookup(input.by()))
        : PrincipalInfo.unknown(input.by());
    // Checked after the look-up: the state may have moved on (a timer fired) while it ran.
    Optional<SeparationOfDuties.Verdict> refusal = SeparationOfDuties.check(progress.attempt(input, who));
    if (refusal.isPresent()) {
      SeparationOfDuties.Verdict verdict = refusal.get();
      record(Entry.of(AuditEventType.INPUT_REFUSED, input.by() == null ? "unknown" : input.by(),
          input.kind() + " refused (" + verdict.refusal() + "): " + verdict.reason()));
      flushAudit();
      return InputOutcome.refused(verdict.refusal(), verdict.reason(), state());
    }
    ActionStatus before = progress.status();
    Entry applied = progress.apply(input, now());
    if (progress.status() != before) {
      upsertStatus();
    }
    record(applied);
    flushAudit();
    if ((input.kind() == HumanInput.Kind.APPROVE || input.kind() == HumanInput.Kind.CONFIRM)
        && Workflow.getVersion(ANSWER_AFTER_INPUT_TAKES_EFFECT, Workflow.DEFAULT_VERSION, 1) == 1) {
      // The main loop wakes on this input but moves on only after its own steps (the re-check
      // before execution runs an activity); without waiting, the answer would still say
      // AWAITING_APPROVAL although the action goes on to execute.
      Workflow.await(() -> !progress.waitsOnMainLoop(input.kind(), before));
    }
    return InputOutcome.accepted(state());
  }

  @Override
  public ActionState awaitDecision(AwaitDecision request) {
    Workflow.await(() -> progress.status() != ActionStatus.EVALUATING);
    return state();
  }

  // ---------------------------------------------------------------- state and audit

  @Override
  public ActionState state() {
    return progress.view();
  }

  private ActionState finish(ActionStatus terminal, AuditEventType type, String detail) {
    end(terminal, type, detail);
    return complete();
  }

  private void end(ActionStatus terminal, AuditEventType type, String detail) {
    moveTo(terminal);
    record(Entry.auto(type, detail));
  }

  private ActionState complete() {
    flushAudit();
    // An update or signal handler may still be writing its audit event; let it finish first.
    Workflow.await(Workflow::isEveryHandlerFinished);
    flushAudit();
    return state();
  }

  private void record(Entry entry) {
    Instant at = now();
    progress.touch(at);
    journal.append(entry, at, progress.status(), progress.decision());
  }

  /**
   * Writes every event not yet written. The run id is only the activity's input, no command, so
   * histories recorded before it replay unchanged; so is the approval stage.
   */
  private void flushAudit() {
    Journal.Pending pending = journal.pending();
    if (pending.events().isEmpty()) {
      return;
    }
    try {
      audit.record(new AuditBatch(progress.actionId(), progress.request(), progress.requestHash(),
          progress.createdAt(), pending.events(), round.stage(), Workflow.getInfo().getRunId()));
    } catch (ActivityFailure failure) {
      if (ActivityFailures.isAuditConflict(failure)
          && Workflow.getVersion(AUDIT_CONFLICT_FAILS_TASK, Workflow.DEFAULT_VERSION, 1) == 1) {
        // Not a TemporalFailure, so Temporal fails the workflow task and retries it: the workflow
        // neither ends nor moves on without its events, and the failure shows in the Temporal UI.
        throw new IllegalStateException("action " + progress.actionId() + " stopped: its audit trail already holds"
            + " other events under the same (action id, seq); nothing more runs until that is resolved. "
            + failure.getCause().getMessage(), failure);
      }
      throw failure;
    }
    journal.written(pending.upTo());
  }

  /** Every status change goes through here, so the Temporal UI's view never lags the state. */
  private void moveTo(ActionStatus next) {
    progress.moveTo(next);
    upsertStatus();
  }

  private void upsertStatus() {
    Workflow.upsertTypedSearchAttributes(ActionSearchAttributes.STATUS.valueSet(progress.status().name()));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}

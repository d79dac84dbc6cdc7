package com.governedactions.action;

import com.governedactions.action.ActionState.ApprovalGiven;
import com.governedactions.action.ActionState.ApprovalView;
import com.governedactions.action.ActionState.ConfirmationView;
import com.governedactions.action.ActionState.DecisionView;
import com.governedactions.action.ActionState.ResultView;
import com.governedactions.action.ActionState.StepView;
import com.governedactions.action.audit.ApprovalStage;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.connector.ConnectorActivities;
import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepFailure;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.action.directory.DirectoryActivities;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.action.directory.PrincipalLookup;
import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import com.governedactions.action.policy.RuleActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
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
 * compensation, and an audit event for every transition.
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

  private final RuleActivities rules =
      Workflow.newLocalActivityStub(RuleActivities.class, ActionActivityOptions.RULES);
  private final DirectoryActivities directory =
      Workflow.newLocalActivityStub(DirectoryActivities.class, ActionActivityOptions.DIRECTORY);
  private final AuditActivities audit =
      Workflow.newLocalActivityStub(AuditActivities.class, ActionActivityOptions.AUDIT);
  private final ConnectorActivities connector =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.CONNECTOR);
  private final ConnectorActivities compensator =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.COMPENSATION);

  private final ActionRequest request;
  private final String actionId;
  private final Instant createdAt;
  private final String requestHash;
  /** What an approval is bound to: the canonical hash of the action's type and parameters. */
  private final String paramsHash;
  private Instant updatedAt;
  private ActionStatus status = ActionStatus.EVALUATING;

  private Decision decision;
  private String confirmationText;
  private Instant confirmationDeadline;
  private String confirmationOutcome;
  private boolean confirmed;
  private boolean cancelled;

  private int tier = -1;
  private Instant tierDeadline;
  private final List<ApprovalGiven> approvals = new ArrayList<>();
  /** The requirement being (or last) waited for; {@code approvals} answer this one only. */
  private ApprovalRequirement requirement;
  private boolean rejected;
  private String approvalOutcome;

  private final List<StepView> steps = new ArrayList<>();
  private String error;

  private final List<AuditEvent> events = new ArrayList<>();
  private int flushedUpTo;

  @WorkflowInit
  public GovernedActionWorkflowImpl(GovernedActionInput input) {
    this.request = input.request();
    this.actionId = Workflow.getInfo().getWorkflowId();
    this.createdAt = now();
    this.updatedAt = createdAt;
    this.requestHash = CanonicalHash.ofRequest(request);
    this.paramsHash = CanonicalHash.ofAction(request.type(), request.params());
  }

  @Override
  public ActionState run(GovernedActionInput input) {
    Workflow.upsertTypedSearchAttributes(
        ActionSearchAttributes.ACTION_TYPE.valueSet(request.type()),
        ActionSearchAttributes.STATUS.valueSet(status.name()));
    record(AuditEventType.REQUESTED, AuditEvent.AUTO, null);
    Evaluation evaluation = rules.evaluate(new EvaluateCommand(actionId, request));
    decision = evaluation.decision();

    switch (decision.effect()) {
      case DENY -> {
        return finish(ActionStatus.DENIED, AuditEventType.DENIED, decision.reason());
      }
      case ESCALATE -> {
        return finish(ActionStatus.ESCALATED, AuditEventType.ESCALATED, escalationNote(decision.reason()));
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
    if (!decision.confirmationRequired() && decision.approval() == null) {
      record(AuditEventType.AUTO_FIRED, AuditEvent.AUTO, "allowed by " + decision.rules());
    }
    // Only a wait for people leaves time for the policy to change; an action decided a moment ago
    // is not checked twice.
    String recheck = null;
    if (waitsForPeople
        && Workflow.getVersion(RECHECK_BEFORE_EXECUTION, Workflow.DEFAULT_VERSION, 1) == 1) {
      recheck = recheckBeforeExecution();
      if (recheck == null) {
        return complete();
      }
    }
    execute(evaluation.plan(), recheck);
    return complete();
  }

  /**
   * Runs the rule check again under the policy active now, just before execution; the stricter of
   * the outcomes wins. Newly denied or escalated: the action ends so. Newly needs the customer's
   * confirmation, or an approval that the approvals given do not satisfy (another requirement, or
   * given for other parameters): it waits for that, then checks again.
   *
   * @return a note for the audit trail when the action may execute; null when it ended
   */
  private String recheckBeforeExecution() {
    while (true) {
      Evaluation fresh = rules.evaluate(new EvaluateCommand(actionId, request));
      Decision now = fresh.decision();
      String under = "re-checked before execution under policy version " + now.policyVersion();
      switch (now.effect()) {
        case DENY -> {
          decision = now;
          moveTo(ActionStatus.DENIED);
          record(AuditEventType.DENIED, AuditEvent.AUTO, under + ": " + now.reason());
          return null;
        }
        case ESCALATE -> {
          decision = now;
          moveTo(ActionStatus.ESCALATED);
          record(AuditEventType.ESCALATED, AuditEvent.AUTO, under + ": " + escalationNote(now.reason()));
          return null;
        }
        default -> {}
      }
      if (now.confirmationRequired() && !confirmed) {
        decision = now;
        record(AuditEventType.POLICY_RECHECKED, AuditEvent.AUTO, under + ": the customer must now confirm");
        if (!awaitConfirmation(fresh)) {
          return null;
        }
        continue;
      }
      if (now.approval() != null && !approvalsSatisfy(now.approval())) {
        decision = now;
        record(
            AuditEventType.POLICY_RECHECKED,
            AuditEvent.AUTO,
            under + ": it now needs " + now.approval().approvers() + " approval(s) from "
                + now.approval().tiers().stream().map(ApprovalTier::roles).toList()
                + (approvals.isEmpty() ? "" : "; the approvals given do not answer that requirement"));
        approvals.clear(); // kept in the audit trail; they answered another requirement
        approvalOutcome = null;
        if (!awaitApproval(now.approval())) {
          return null;
        }
        continue;
      }
      return under + " (" + now.effect().json() + " by " + now.rules() + "): nothing more is needed";
    }
  }

  /** Enough approvals for {@code needed}, each given for these parameters and an equal requirement. */
  private boolean approvalsSatisfy(ApprovalRequirement needed) {
    if (requirement == null || !needed.acceptsApprovalsFor(requirement)) {
      return false;
    }
    long bound = approvals.stream().filter(a -> paramsHash.equals(a.paramsHash())).count();
    return bound >= needed.approvers();
  }

  /** Waits for the customer's answer; true once confirmed. */
  private boolean awaitConfirmation(Evaluation evaluation) {
    confirmationText = evaluation.confirmationText();
    confirmationDeadline = now().plus(evaluation.confirmationTimeout());
    moveTo(ActionStatus.AWAITING_CONFIRMATION);
    record(AuditEventType.CONFIRMATION_REQUESTED, AuditEvent.AUTO, confirmationText);
    flushAudit();

    boolean answered = Workflow.await(evaluation.confirmationTimeout(), () -> confirmed || cancelled);
    if (cancelled) {
      return false; // the cancel input recorded its own event
    }
    if (!answered) {
      confirmationOutcome = "timed out";
      moveTo(ActionStatus.CANCELLED);
      record(
          AuditEventType.CONFIRMATION_TIMED_OUT,
          AuditEvent.AUTO,
          "no answer from the customer within " + evaluation.confirmationTimeout());
      return false;
    }
    return true;
  }

  /** Walks the approval tiers; true once enough distinct people approved. */
  private boolean awaitApproval(ApprovalRequirement approval) {
    requirement = approval;
    moveTo(ActionStatus.AWAITING_APPROVAL);
    List<ApprovalTier> tiers = approval.tiers();
    for (tier = 0; tier < tiers.size(); tier++) {
      ApprovalTier current = tiers.get(tier);
      tierDeadline = now().plus(current.sla());
      record(
          AuditEventType.APPROVAL_REQUESTED,
          AuditEvent.AUTO,
          "tier %d of %d: %d approval(s) from %s within %s"
              .formatted(tier + 1, tiers.size(), approval.approvers(), current.roles(), current.sla()));
      flushAudit();

      Workflow.await(
          current.sla(), () -> approvals.size() >= approval.approvers() || rejected || cancelled);
      if (rejected || cancelled) {
        return false; // the input recorded its own event
      }
      if (approvals.size() >= approval.approvers()) {
        approvalOutcome = "approved";
        tierDeadline = null;
        return true;
      }
      boolean last = tier == tiers.size() - 1;
      String breach = "tier %d SLA of %s breached".formatted(tier + 1, current.sla());
      if (!last) {
        record(
            AuditEventType.APPROVAL_TIMED_OUT,
            AuditEvent.AUTO,
            breach + "; escalated to " + tiers.get(tier + 1).roles());
      } else {
        // Never recorded as a decision: the event says it timed out, whatever the final status.
        moveTo(approval.onTimeout().status());
        approvalOutcome = "timed out";
        tierDeadline = null;
        String outcome =
            switch (approval.onTimeout()) {
              case EXPIRE -> "the action expired";
              case REJECT -> "the action is rejected by timeout";
              case ESCALATE -> escalationNote("approval timed out");
            };
        record(AuditEventType.APPROVAL_TIMED_OUT, AuditEvent.AUTO, breach + "; every tier breached, " + outcome);
        return false;
      }
    }
    throw new IllegalStateException("unreachable: the last tier always returns");
  }

  private void execute(List<PlannedStep> plan, String recheck) {
    moveTo(ActionStatus.EXECUTING);
    record(
        AuditEventType.EXECUTION_STARTED,
        AuditEvent.AUTO,
        plan.size() + " step(s)" + (recheck == null ? "" : "; " + recheck));
    flushAudit();

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
            connector.execute(new StepCommand(actionId, i, step.operation(), request.params(), key, null));
        steps.add(new StepView(step.operation(), "SUCCEEDED", forward[0].statusCode(), forward[0].summary()));
        recordStep(AuditEventType.STEP_SUCCEEDED, forward[0].statusCode(), forward[0].summary(), started, step.operation());
      } catch (ActivityFailure failure) {
        StepFailure cause = stepFailure(failure);
        steps.add(new StepView(step.operation(), "FAILED", cause.statusCode(), cause.summary()));
        recordStep(AuditEventType.STEP_FAILED, cause.statusCode(), cause.summary(), started, step.operation());
        error = step.operation() + " failed: " + cause.summary();
        Workflow.newDetachedCancellationScope(() -> compensateAll(compensations)).run();
        moveTo(ActionStatus.FAILED);
        record(AuditEventType.FAILED, AuditEvent.AUTO, error);
        return;
      }
    }
    moveTo(ActionStatus.SUCCEEDED);
    record(AuditEventType.SUCCEEDED, AuditEvent.AUTO, null);
  }

  private void compensateAll(List<Runnable> compensations) {
    for (int i = compensations.size() - 1; i >= 0; i--) {
      compensations.get(i).run();
    }
  }

  private void compensate(int index, PlannedStep step, String forwardKey, StepOutcome forward) {
    long started = Workflow.currentTimeMillis();
    Map<String, Object> forwardResult = forward == null ? null : forward.data();
    try {
      StepOutcome undone =
          compensator.compensate(
              new StepCommand(
                  actionId, index, step.compensation(), request.params(), forwardKey + COMPENSATE_SUFFIX, forwardResult));
      steps.add(new StepView(step.compensation(), "COMPENSATED", undone.statusCode(), undone.summary()));
      recordStep(AuditEventType.COMPENSATED, undone.statusCode(), undone.summary(), started, step.compensation());
    } catch (ActivityFailure failure) {
      StepFailure cause = stepFailure(failure);
      steps.add(new StepView(step.compensation(), "COMPENSATION_FAILED", cause.statusCode(), cause.summary()));
      recordStep(AuditEventType.COMPENSATION_FAILED, cause.statusCode(), cause.summary(), started, step.compensation());
      error = error + "; compensation " + step.compensation() + " failed and needs a person: " + cause.summary();
      log.error("action {}: compensation {} failed: {}", actionId, step.compensation(), cause.summary());
    }
  }

  private static StepFailure stepFailure(ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure app) {
      if (app.getDetails().getSize() > 0) {
        return app.getDetails().get(StepFailure.class);
      }
      return new StepFailure(null, app.getOriginalMessage());
    }
    if (failure.getCause() instanceof TimeoutFailure timeout) {
      return new StepFailure(null, "no answer before the retry deadline (" + timeout.getTimeoutType() + ")");
    }
    return new StepFailure(null, String.valueOf(failure.getCause()));
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
    handle(
        new HumanInput(
            HumanInput.Kind.CANCEL, cancel == null ? null : cancel.by(), cancel == null ? null : cancel.reason()));
  }

  @Override
  public InputOutcome decide(HumanInput input) {
    return handle(input);
  }

  /** The one path for every human input, whichever way it came in. */
  private InputOutcome handle(HumanInput input) {
    boolean decision = input.kind() == HumanInput.Kind.APPROVE || input.kind() == HumanInput.Kind.REJECT;
    PrincipalInfo who =
        decision && input.by() != null && !input.by().isBlank()
            ? directory.lookup(new PrincipalLookup(input.by()))
            : PrincipalInfo.unknown(input.by());
    // Checked after the look-up: the state may have moved on (a timer fired) while it ran.
    Optional<SeparationOfDuties.Verdict> refusal =
        SeparationOfDuties.check(
            input, status, request, who, currentTierRoles(), requirement == null ? null : requirement.mayApprove(), approvers());
    if (refusal.isPresent()) {
      SeparationOfDuties.Verdict verdict = refusal.get();
      record(
          AuditEventType.INPUT_REFUSED,
          input.by() == null ? "unknown" : input.by(),
          input.kind() + " refused (" + verdict.refusal() + "): " + verdict.reason());
      flushAudit();
      return InputOutcome.refused(verdict.refusal(), verdict.reason(), state());
    }
    ActionStatus before = status;
    apply(input);
    flushAudit();
    if ((input.kind() == HumanInput.Kind.APPROVE || input.kind() == HumanInput.Kind.CONFIRM)
        && Workflow.getVersion(ANSWER_AFTER_INPUT_TAKES_EFFECT, Workflow.DEFAULT_VERSION, 1) == 1) {
      // The main loop wakes on this input but moves on only after its own steps (the re-check
      // before execution runs an activity); without waiting, the answer would still say
      // AWAITING_APPROVAL although the action goes on to execute.
      Workflow.await(() -> !waitsOnMainLoop(input.kind(), before));
    }
    return InputOutcome.accepted(state());
  }

  /** True while an accepted input has woken the main loop but its status has not moved yet. */
  private boolean waitsOnMainLoop(HumanInput.Kind kind, ActionStatus before) {
    if (status != before) {
      return false;
    }
    return switch (kind) {
      // Approvals short of the requirement leave the action waiting: that state is the answer.
      case APPROVE -> requirement != null && approvals.size() >= requirement.approvers();
      case CONFIRM -> confirmed;
      default -> false;
    };
  }

  private void apply(HumanInput input) {
    String by = input.by() == null ? "customer" : input.by();
    switch (input.kind()) {
      case CONFIRM -> {
        confirmed = true;
        confirmationOutcome = "confirmed";
        record(AuditEventType.CONFIRMED, by, null);
      }
      case CANCEL -> {
        cancelled = true;
        if (status == ActionStatus.AWAITING_CONFIRMATION) {
          confirmationOutcome = "cancelled";
        } else {
          approvalOutcome = "cancelled";
          tierDeadline = null;
        }
        moveTo(ActionStatus.CANCELLED);
        recordNote(AuditEventType.CANCELLED, by, input.text());
      }
      case APPROVE -> {
        approvals.add(new ApprovalGiven(input.by(), input.text(), now(), paramsHash, decision.policyVersion()));
        recordEvent(
            AuditEventType.APPROVED,
            input.by(),
            null,
            null,
            null,
            "for params sha256:" + paramsHash + " under policy version " + decision.policyVersion(),
            input.text());
      }
      case REJECT -> {
        rejected = true;
        approvalOutcome = "rejected";
        tierDeadline = null;
        moveTo(ActionStatus.REJECTED);
        recordNote(AuditEventType.REJECTED, input.by(), input.text());
      }
    }
  }

  private List<String> currentTierRoles() {
    if (requirement == null || tier < 0) {
      return List.of();
    }
    return requirement.tiers().get(tier).roles();
  }

  private List<String> approvers() {
    return approvals.stream().map(ApprovalGiven::approver).toList();
  }

  @Override
  public ActionState awaitDecision(AwaitDecision request) {
    Workflow.await(() -> status != ActionStatus.EVALUATING);
    return state();
  }

  // ---------------------------------------------------------------- state and audit

  @Override
  public ActionState state() {
    return new ActionState(
        actionId,
        request.requestId(),
        status,
        request.type(),
        request.params(),
        request.actor(),
        request.customer(),
        request.conversationId(),
        request.channel(),
        decision == null ? null : DecisionView.of(decision),
        confirmationText == null
            ? null
            : new ConfirmationView(confirmationText, confirmationDeadline, confirmationOutcome),
        approvalView(),
        steps.isEmpty() && error == null ? null : new ResultView(List.copyOf(steps), error),
        createdAt,
        updatedAt,
        requestHash,
        request.submittedBy());
  }

  private ApprovalView approvalView() {
    if (tier < 0) {
      return null;
    }
    ApprovalRequirement approval = requirement;
    return new ApprovalView(
        tier + 1,
        approval.tiers().size(),
        currentTierRoles(),
        approval.approvers(),
        List.copyOf(approvals),
        tierDeadline,
        approval.onTimeout(),
        approvalOutcome);
  }

  private String escalationNote(String why) {
    String team = decision.team() == null ? "the default team" : "team " + decision.team();
    return "handed to " + team + (why == null ? "" : ": " + why);
  }

  private ActionState finish(ActionStatus terminal, AuditEventType type, String detail) {
    moveTo(terminal);
    record(type, AuditEvent.AUTO, detail);
    return complete();
  }

  private ActionState complete() {
    flushAudit();
    // An update or signal handler may still be writing its audit event; let it finish first.
    Workflow.await(Workflow::isEveryHandlerFinished);
    flushAudit();
    return state();
  }

  private void record(AuditEventType type, String decidedBy, String detail) {
    recordEvent(type, decidedBy, null, null, null, detail, null);
  }

  /** An event carrying a person's own words, which the audit writer treats as free text. */
  private void recordNote(AuditEventType type, String decidedBy, String note) {
    recordEvent(type, decidedBy, null, null, null, null, note);
  }

  private void recordStep(AuditEventType type, Integer statusCode, String summary, long startedMillis, String operation) {
    recordEvent(
        type, AuditEvent.AUTO, statusCode, summary, Workflow.currentTimeMillis() - startedMillis, operation, null);
  }

  private void recordEvent(
      AuditEventType type,
      String decidedBy,
      Integer statusCode,
      String summary,
      Long durationMs,
      String detail,
      String note) {
    updatedAt = now();
    events.add(
        new AuditEvent(
            actionId,
            events.size() + 1,
            updatedAt,
            type,
            request.type(),
            status,
            // A raw Temporal start may name no actor; the rule check then denies it, audited.
            request.actor() == null ? null : request.actor().id(),
            decidedBy,
            request.conversationId(),
            request.customer() == null ? null : request.customer().id(),
            request.params(),
            statusCode,
            summary,
            durationMs,
            decision == null ? null : decision.policyVersion(),
            decision == null ? List.of() : decision.rules(),
            detail,
            note));
  }

  /**
   * Writes every event not yet written. Concurrent flushes may overlap; the store takes the same
   * event from the same run again as a no-op. The run id is only the activity's input, no command,
   * so histories recorded before it replay unchanged.
   */
  private void flushAudit() {
    int upTo = events.size();
    if (upTo == flushedUpTo) {
      return;
    }
    try {
      audit.record(
          new AuditBatch(
              actionId, request, requestHash, createdAt, List.copyOf(events.subList(flushedUpTo, upTo)),
              approvalStage(), Workflow.getInfo().getRunId()));
    } catch (ActivityFailure failure) {
      if (isAuditConflict(failure)
          && Workflow.getVersion(AUDIT_CONFLICT_FAILS_TASK, Workflow.DEFAULT_VERSION, 1) == 1) {
        // Not a TemporalFailure, so Temporal fails the workflow task and retries it: the workflow
        // neither ends nor moves on without its events, and the failure shows in the Temporal UI.
        throw new IllegalStateException(
            "action " + actionId + " stopped: its audit trail already holds other events under the same"
                + " (action id, seq); nothing more runs until that is resolved. " + failure.getCause().getMessage(),
            failure);
      }
      throw failure;
    }
    flushedUpTo = Math.max(flushedUpTo, upTo);
  }

  private static boolean isAuditConflict(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        && ConnectorErrors.AUDIT_CONFLICT.type().equals(app.getType());
  }

  /**
   * The approval as of the last recorded event, for the approvals queue in the store. Only an
   * activity's input changes, no command does, so histories recorded before it replay unchanged.
   */
  private ApprovalStage approvalStage() {
    // The requirement waited for, not the latest decision's: a re-check may have replaced the
    // decision with one that needs no approval after the approvals were given.
    if (tier < 0 || requirement == null) {
      return null;
    }
    ApprovalRequirement approval = requirement;
    return new ApprovalStage(
        tier + 1, approval.tiers().size(), currentTierRoles(), approval.approvers(), approvers(), tierDeadline);
  }

  /** Every status change goes through here, so the Temporal UI's view never lags the state. */
  private void moveTo(ActionStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(ActionSearchAttributes.STATUS.valueSet(next.name()));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionSearchAttributes;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.Approve;
import com.governedactions.action.AwaitDecision;
import com.governedactions.action.Cancel;
import com.governedactions.action.Confirm;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import com.governedactions.action.GovernedActionInput;
import com.governedactions.action.GovernedActionWorkflow;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.Reject;
import com.governedactions.action.workflow.Journal.Entry;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import com.governedactions.action.policy.RuleActivities;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.List;

/**
 * Governs one action: rule check, confirmation, approval with SLA tiers, execution with
 * compensation ({@link ConnectorSteps}), and an audit event for every transition. It orchestrates;
 * what each step means is decided by {@link ActionProgress} (the state), {@link ApprovalRound},
 * {@link Recheck}, {@link HumanInputs} and {@link Journal}. Change ids: {@link ChangeIds}.
 *
 * <p>Audit events are collected as they happen and written in batches by a local activity before
 * every wait and at the end: nothing is externally visible before its events are stored, and a
 * workflow task re-run after a crash writes the same (action id, sequence) rows again, which the
 * store takes as a no-op; other content under a stored key stops the workflow task.
 */
public class GovernedActionWorkflowImpl implements GovernedActionWorkflow {
  private final RuleActivities rules = Workflow.newLocalActivityStub(RuleActivities.class, ActionActivityOptions.RULES);
  private final ActionProgress progress;
  private final ApprovalRound round;
  private final ActionRecorder recorder;
  private final ConnectorSteps steps;
  private final HumanInputs inputs;

  @WorkflowInit
  public GovernedActionWorkflowImpl(GovernedActionInput input) {
    progress = new ActionProgress(Workflow.getInfo().getWorkflowId(), input.request(), ActionRecorder.now());
    round = progress.approval();
    recorder = new ActionRecorder(progress);
    steps = new ConnectorSteps(progress, recorder);
    inputs = new HumanInputs(progress, recorder);
  }

  @Override
  public ActionState run(GovernedActionInput input) {
    ActionRequest request = progress.request();
    Workflow.upsertTypedSearchAttributes(
        ActionSearchAttributes.ACTION_TYPE.valueSet(request.type()),
        ActionSearchAttributes.STATUS.valueSet(progress.status().name()));
    recorder.record(Entry.auto(AuditEventType.REQUESTED, null));
    List<String> problems = request.problems();
    if (!problems.isEmpty()
        && Workflow.getVersion(ChangeIds.DENY_INCOMPLETE_REQUEST, Workflow.DEFAULT_VERSION, 1) == 1) {
      progress.decided(Decision.invalidRequest(problems));
      return finish(ActionStatus.DENIED, AuditEventType.DENIED, progress.decision().reason());
    }
    Evaluation evaluation = rules.evaluate(new EvaluateCommand(progress.actionId(), request));
    Decision decision = evaluation.decision();
    progress.decided(decision);
    if (decision.effect() == Effect.DENY) {
      return finish(ActionStatus.DENIED, AuditEventType.DENIED, decision.reason());
    }
    if (decision.effect() == Effect.ESCALATE) {
      return finish(ActionStatus.ESCALATED, AuditEventType.ESCALATED, progress.escalationNote(decision.reason()));
    }
    boolean waitsForPeople = decision.confirmationRequired() || decision.approval() != null;
    if (decision.confirmationRequired() && !awaitConfirmation(evaluation)) {
      return complete();
    }
    if (decision.approval() != null && !awaitApproval(decision.approval())) {
      return complete();
    }
    if (!waitsForPeople) {
      recorder.record(Entry.auto(AuditEventType.AUTO_FIRED, "allowed by " + decision.rules()));
    }
    // Only a wait for people leaves time for the policy to change; an action decided a moment ago
    // is not checked twice.
    String recheck = null;
    if (waitsForPeople
        && Workflow.getVersion(ChangeIds.RECHECK_BEFORE_EXECUTION, Workflow.DEFAULT_VERSION, 1) == 1) {
      recheck = recheckBeforeExecution();
      if (recheck == null) {
        return complete();
      }
    }
    steps.execute(evaluation.plan(), recheck);
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
      if (recheck.outcome().ends != null) {
        recorder.end(recheck.outcome().ends, recheck.outcome().event, recheck.detail());
        return null;
      }
      recorder.record(Entry.auto(recheck.outcome().event, recheck.detail()));
      boolean given;
      if (recheck.outcome() == Recheck.Outcome.NEEDS_CONFIRMATION) {
        given = awaitConfirmation(fresh);
      } else {
        round.restart(); // the approvals stay in the audit trail; they answered another requirement
        given = awaitApproval(fresh.decision().approval());
      }
      if (!given) {
        return null;
      }
    }
  }

  /** Waits for the customer's answer; true once confirmed. */
  private boolean awaitConfirmation(Evaluation evaluation) {
    String receiptId = Workflow.getVersion(ChangeIds.CONSENT_RECEIPTS, Workflow.DEFAULT_VERSION, 1) == 1
        ? Workflow.randomUUID().toString()
        : null;
    progress.askCustomer(evaluation.confirmationText(), ActionRecorder.now(),
        ActionRecorder.now().plus(evaluation.confirmationTimeout()), receiptId);
    recorder.moveTo(ActionStatus.AWAITING_CONFIRMATION);
    recorder.record(
        Entry.auto(AuditEventType.CONFIRMATION_REQUESTED, evaluation.confirmationText()).withConsent(progress.consent()));
    recorder.flush();

    boolean answered =
        Workflow.await(evaluation.confirmationTimeout(), () -> progress.confirmed() || progress.cancelled());
    if (progress.cancelled()) {
      return false; // the cancel input recorded its own event
    }
    if (!answered) {
      progress.confirmationTimedOut(ActionRecorder.now());
      recorder.moveTo(ActionStatus.CANCELLED);
      recorder.record(Entry.auto(AuditEventType.CONFIRMATION_TIMED_OUT,
          "no answer from the customer within " + evaluation.confirmationTimeout()).withConsent(progress.consent()));
      return false;
    }
    return true;
  }

  /** Walks the approval tiers; true once enough distinct people approved. */
  private boolean awaitApproval(ApprovalRequirement approval) {
    round.await(approval);
    recorder.moveTo(ActionStatus.AWAITING_APPROVAL);
    for (int tier = 0; ; tier++) {
      recorder.record(Entry.auto(AuditEventType.APPROVAL_REQUESTED, round.enterTier(tier, ActionRecorder.now())));
      recorder.flush();

      Workflow.await(round.currentTier().sla(), () -> round.decided(progress.cancelled()));
      if (round.rejected() || progress.cancelled()) {
        return false; // the input recorded its own event
      }
      if (round.enoughApprovals()) {
        round.grant();
        return true;
      }
      boolean last = round.lastTier();
      String breach = round.breached(progress.escalationNote("approval timed out"));
      if (last) {
        recorder.end(approval.onTimeout().status(), AuditEventType.APPROVAL_TIMED_OUT, breach);
        return false;
      }
      recorder.record(Entry.auto(AuditEventType.APPROVAL_TIMED_OUT, breach));
    }
  }

  @Override
  public void approve(Approve approve) {
    inputs.handle(HumanInput.of(approve));
  }

  @Override
  public void reject(Reject reject) {
    inputs.handle(HumanInput.of(reject));
  }

  @Override
  public void confirm(Confirm confirm) {
    inputs.handle(HumanInput.of(confirm));
  }

  @Override
  public void cancel(Cancel cancel) {
    inputs.handle(HumanInput.of(cancel));
  }

  @Override
  public InputOutcome decide(HumanInput input) {
    return inputs.handle(input);
  }

  @Override
  public ActionState awaitDecision(AwaitDecision request) {
    Workflow.await(() -> progress.status() != ActionStatus.EVALUATING);
    return state();
  }

  @Override
  public ConsentReceipt consent() {
    return progress.consent();
  }

  @Override
  public ActionState state() {
    return progress.view();
  }

  private ActionState finish(ActionStatus terminal, AuditEventType type, String detail) {
    recorder.end(terminal, type, detail);
    return complete();
  }

  private ActionState complete() {
    recorder.flush();
    // An update or signal handler may still be writing its audit event; let it finish first.
    Workflow.await(Workflow::isEveryHandlerFinished);
    recorder.flush();
    return state();
  }
}

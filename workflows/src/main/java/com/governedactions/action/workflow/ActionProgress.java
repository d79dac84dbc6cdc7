package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.Decision;
import com.governedactions.action.HumanInput;
import com.governedactions.action.ActionState.ApprovalGiven;
import com.governedactions.action.ActionState.ConfirmationView;
import com.governedactions.action.ActionState.DecisionView;
import com.governedactions.action.ActionState.ResultView;
import com.governedactions.action.ActionState.StepView;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.directory.PrincipalInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the workflow knows about its action, behind the {@code state} query: the request, the
 * decision, the customer's answer, the approval round and the connector steps. Pure; the workflow
 * mirrors each status change into Temporal's search attributes.
 */
final class ActionProgress {
  private final String actionId;
  private final ActionRequest request;
  private final Instant createdAt;
  private final String requestHash;
  /** What an approval is bound to: the canonical hash of the action's type and parameters. */
  private final String paramsHash;
  private final ApprovalRound approval = new ApprovalRound();
  private final List<StepView> steps = new ArrayList<>();
  private Instant updatedAt;
  private ActionStatus status = ActionStatus.EVALUATING;
  private Decision decision;
  private String confirmationText;
  private Instant confirmationDeadline;
  private String confirmationOutcome;
  private Instant confirmationAskedAt;
  /** The receipt of the question asked last; null before one, or when asked before receipts existed. */
  private ConsentReceipt consent;
  private boolean confirmed;
  private boolean cancelled;
  private String error;

  ActionProgress(String actionId, ActionRequest request, Instant createdAt) {
    this.actionId = actionId;
    this.request = request;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.requestHash = CanonicalHash.ofRequest(request);
    this.paramsHash = CanonicalHash.ofAction(request.type(), request.params());
  }

  String actionId() {
    return actionId;
  }

  ActionRequest request() {
    return request;
  }

  Instant createdAt() {
    return createdAt;
  }

  String requestHash() {
    return requestHash;
  }

  String paramsHash() {
    return paramsHash;
  }

  ApprovalRound approval() {
    return approval;
  }

  ActionStatus status() {
    return status;
  }

  void moveTo(ActionStatus next) {
    status = next;
  }

  /** The decision in force: the rule check's, or the re-check's that replaced it. */
  Decision decision() {
    return decision;
  }

  void decided(Decision latest) {
    decision = latest;
  }

  /** An event happened at {@code at}. */
  void touch(Instant at) {
    updatedAt = at;
  }

  /**
   * Puts {@code text} to the customer at {@code now}, keeping a receipt under {@code receiptId};
   * a null id (histories recorded before receipts) keeps none.
   */
  void askCustomer(String text, Instant now, Instant deadline, String receiptId) {
    confirmationText = text;
    confirmationDeadline = deadline;
    confirmationAskedAt = now;
    consent = receiptId == null
        ? null
        : ConsentReceipt.issue(receiptId, actionId, request, text, paramsHash, decision.policyVersion(), now, deadline);
  }

  ConsentReceipt consent() {
    return consent;
  }

  boolean confirmed() {
    return confirmed;
  }

  boolean cancelled() {
    return cancelled;
  }

  void confirmationTimedOut(Instant now) {
    confirmationOutcome = "timed out";
    consent = consent == null ? null : consent.expired(now);
  }

  void step(StepView step) {
    steps.add(step);
  }

  void failed(String why) {
    error = why;
  }

  /** A compensation failed after the action already failed: a person must finish undoing it. */
  void compensationFailed(String operation, String summary) {
    error = error + "; compensation " + operation + " failed and needs a person: " + summary;
  }

  String error() {
    return error;
  }

  /**
   * Applies an input that separation of duties let through, as of {@code now}.
   *
   * @return the event that records it
   */
  Journal.Entry apply(HumanInput input, Instant now) {
    String by = input.by() == null ? "customer" : input.by();
    return switch (input.kind()) {
      case CONFIRM -> {
        confirmed = true;
        confirmationOutcome = "confirmed";
        consent = consent == null ? null : consent.confirmed(now, by);
        yield Journal.Entry.of(AuditEventType.CONFIRMED, by, null).withConsent(consent);
      }
      case CANCEL -> {
        cancelled = true;
        boolean declined = status == ActionStatus.AWAITING_CONFIRMATION;
        if (declined) {
          confirmationOutcome = "cancelled";
          consent = consent == null ? null : consent.declined(now, by);
        } else {
          approval.cancel();
        }
        status = ActionStatus.CANCELLED;
        yield Journal.Entry.note(AuditEventType.CANCELLED, by, input.text()).withConsent(declined ? consent : null);
      }
      case APPROVE -> {
        approval.add(new ApprovalGiven(input.by(), input.text(), now, paramsHash, decision.policyVersion()));
        yield new Journal.Entry(AuditEventType.APPROVED, input.by(), null, null, null,
            "for params sha256:" + paramsHash + " under policy version " + decision.policyVersion(), input.text());
      }
      case REJECT -> {
        approval.reject();
        status = ActionStatus.REJECTED;
        yield Journal.Entry.note(AuditEventType.REJECTED, input.by(), input.text());
      }
    };
  }

  /** True while an accepted input has woken the main loop but its status has not moved yet. */
  boolean waitsOnMainLoop(HumanInput.Kind kind, ActionStatus before) {
    if (status != before) {
      return false;
    }
    return switch (kind) {
      // Approvals short of the requirement leave the action waiting: that state is the answer.
      case APPROVE -> approval.enoughApprovals();
      case CONFIRM -> confirmed;
      default -> false;
    };
  }

  /** What separation of duties needs to judge {@code input} now, resolved to {@code who}. */
  SeparationOfDuties.Attempt attempt(HumanInput input, PrincipalInfo who) {
    ApprovalRequirement requirement = approval.requirement();
    return new SeparationOfDuties.Attempt(
        input, status, request, who, approval.tierRoles(), requirement == null ? null : requirement.mayApprove(),
        approval.approvers(), issuedQuestion());
  }

  /**
   * What a shown-text hash is checked against: the receipt, or for a question asked before
   * receipts existed, the same question without an id (kept nowhere).
   */
  private ConsentReceipt issuedQuestion() {
    if (consent != null || confirmationText == null) {
      return consent;
    }
    return ConsentReceipt.issue(null, actionId, request, confirmationText, paramsHash, decision.policyVersion(),
        confirmationAskedAt, confirmationDeadline);
  }

  /** The audit detail of a hand-over to people, under the decision in force. */
  String escalationNote(String why) {
    return escalationNote(decision, why);
  }

  static String escalationNote(Decision decision, String why) {
    String team = decision.team() == null ? "the default team" : "team " + decision.team();
    return "handed to " + team + (why == null ? "" : ": " + why);
  }

  /** The {@code state} query's answer. */
  ActionState view() {
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
        approval.view(),
        steps.isEmpty() && error == null ? null : new ResultView(List.copyOf(steps), error),
        createdAt,
        updatedAt,
        requestHash,
        request.submittedBy());
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome.Refusal;
import com.governedactions.action.directory.PrincipalInfo;
import java.util.List;
import java.util.Optional;

/**
 * Who may give which input, and when (spec section 4). Pure, so the workflow and its tests call it
 * directly; it is the single check behind every way in: REST, console, Slack and raw signals.
 */
final class SeparationOfDuties {
  private SeparationOfDuties() {}

  /** Why the input must be refused, or empty when it may be applied. */
  record Verdict(Refusal refusal, String reason) {}

  /**
   * One input to judge and everything it is judged against.
   *
   * @param approver the resolved principal for APPROVE/REJECT; ignored for CONFIRM/CANCEL
   * @param tierRoles roles that may approve at the current tier (empty when not awaiting approval)
   * @param mayApprove roles the policy's permission map lets approve this action type; null when it
   *     does not restrict them
   * @param approvedBy who has approved so far
   * @param consent the receipt of the question put to the customer; null when none was asked, or
   *     asked before receipts existed
   */
  record Attempt(
      HumanInput input,
      ActionStatus status,
      ActionRequest request,
      PrincipalInfo approver,
      List<String> tierRoles,
      List<String> mayApprove,
      List<String> approvedBy,
      ConsentReceipt consent) {
    Attempt(HumanInput input, ActionStatus status, ActionRequest request, PrincipalInfo approver,
        List<String> tierRoles, List<String> mayApprove, List<String> approvedBy) {
      this(input, status, request, approver, tierRoles, mayApprove, approvedBy, null);
    }
  }

  static Optional<Verdict> check(Attempt attempt) {
    ActionStatus status = attempt.status();
    return switch (attempt.input().kind()) {
      case CONFIRM -> status == ActionStatus.AWAITING_CONFIRMATION
          ? checkShownText(attempt)
          : wrongState(status, "awaiting confirmation");
      case CANCEL -> status == ActionStatus.AWAITING_CONFIRMATION
              || status == ActionStatus.AWAITING_APPROVAL
          ? Optional.empty()
          : wrongState(status, "awaiting confirmation or approval");
      case APPROVE, REJECT -> checkDecision(attempt);
    };
  }

  private static Optional<Verdict> checkDecision(Attempt attempt) {
    HumanInput input = attempt.input();
    ActionRequest request = attempt.request();
    PrincipalInfo approver = attempt.approver();
    List<String> tierRoles = attempt.tierRoles();
    List<String> mayApprove = attempt.mayApprove();
    String who = input.by();
    if (who == null || who.isBlank()) {
      return refuse(Refusal.INVALID, "the approver is missing: name the person who decides");
    }
    if (attempt.status() != ActionStatus.AWAITING_APPROVAL) {
      return wrongState(attempt.status(), "awaiting approval");
    }
    if (!approver.known()) {
      return refuse(Refusal.FORBIDDEN, "'" + who + "' is not a known principal");
    }
    if (!approver.human()) {
      return refuse(
          Refusal.FORBIDDEN, "'" + who + "' is not a person: AI agents and service clients never approve");
    }
    if (who.equals(request.actor().id()) || who.equals(request.submittedBy())) {
      return refuse(Refusal.FORBIDDEN, "'" + who + "' requested this action and cannot decide on it");
    }
    if (request.excludedApprovers().contains(who)) {
      return refuse(Refusal.FORBIDDEN, "'" + who + "' requested or approved the action this one reverses"
          + (request.params().get("originalActionId") instanceof String original ? " (" + original + ")" : "")
          + " and cannot decide on its reversal");
    }
    if (request.customer() != null && who.equals(request.customer().id())) {
      return refuse(Refusal.FORBIDDEN, "'" + who + "' is the customer of this action and cannot decide on it");
    }
    if (!approver.hasAnyRole(tierRoles)) {
      return refuse(
          Refusal.FORBIDDEN,
          "'" + who + "' has none of the roles that may decide at this tier: " + tierRoles);
    }
    if (mayApprove != null && !approver.hasAnyRole(mayApprove)) {
      return refuse(
          Refusal.FORBIDDEN,
          "'" + who + "' has none of the roles the policy lets approve '" + request.type() + "': " + mayApprove);
    }
    if (input.kind() == HumanInput.Kind.APPROVE && attempt.approvedBy().contains(who)) {
      return refuse(
          Refusal.FORBIDDEN, "'" + who + "' has already approved; the other approvals must come from other people");
    }
    if (input.kind() == HumanInput.Kind.REJECT && (input.text() == null || input.text().isBlank())) {
      return refuse(Refusal.INVALID, "a rejection needs a reason");
    }
    return Optional.empty();
  }

  /**
   * A confirmation that names the hash of the text the customer saw must name the issued text's:
   * otherwise the customer agreed to something else. The expected hash is not told.
   */
  private static Optional<Verdict> checkShownText(Attempt attempt) {
    String shown = attempt.input().shownTextSha256();
    ConsentReceipt consent = attempt.consent();
    if (shown == null || consent == null || consent.shows(shown)) {
      return Optional.empty();
    }
    return refuse(Refusal.CONSENT_MISMATCH, "the shown text's SHA-256 " + shown.strip()
        + " does not match the text issued at " + consent.issuedAt() + "; nothing changed");
  }

  private static Optional<Verdict> wrongState(ActionStatus status, String expected) {
    return refuse(Refusal.WRONG_STATE, "the action is " + status + ", not " + expected);
  }

  private static Optional<Verdict> refuse(Refusal refusal, String reason) {
    return Optional.of(new Verdict(refusal, reason));
  }
}

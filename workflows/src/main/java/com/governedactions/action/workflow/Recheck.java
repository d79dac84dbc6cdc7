package com.governedactions.action.workflow;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Decision;
import com.governedactions.action.audit.AuditEventType;

/**
 * The rule check run again just before execution, under the policy active then: the stricter of
 * the outcomes wins. Newly denied or escalated, the action ends so; newly needing the customer's
 * confirmation, or an approval that the approvals given do not satisfy (another requirement, or
 * given for other parameters), it waits for that and is checked again. Pure.
 *
 * @param detail the audit detail: why it ends or waits, or (PROCEED) the note for the execution
 */
record Recheck(Outcome outcome, String detail) {
  enum Outcome {
    DENIED(ActionStatus.DENIED, AuditEventType.DENIED),
    ESCALATED(ActionStatus.ESCALATED, AuditEventType.ESCALATED),
    NEEDS_CONFIRMATION(null, AuditEventType.POLICY_RECHECKED),
    NEEDS_APPROVAL(null, AuditEventType.POLICY_RECHECKED),
    PROCEED(null, null);

    /** The status the action ends in; null when it waits or proceeds. */
    final ActionStatus ends;
    /** The event that records the outcome; null when it proceeds (the execution records it). */
    final AuditEventType event;

    Outcome(ActionStatus ends, AuditEventType event) {
      this.ends = ends;
      this.event = event;
    }
  }

  /**
   * @param now the decision under the policy active now
   * @param confirmed whether the customer has confirmed
   * @param approval the approvals given so far
   * @param paramsHash the hash approvals must have been given for
   */
  static Recheck of(Decision now, boolean confirmed, ApprovalRound approval, String paramsHash) {
    String under = "re-checked before execution under policy version " + now.policyVersion();
    switch (now.effect()) {
      case DENY -> {
        return new Recheck(Outcome.DENIED, under + ": " + now.reason());
      }
      case ESCALATE -> {
        return new Recheck(Outcome.ESCALATED, under + ": " + ActionProgress.escalationNote(now, now.reason()));
      }
      default -> {}
    }
    if (now.confirmationRequired() && !confirmed) {
      return new Recheck(Outcome.NEEDS_CONFIRMATION, under + ": the customer must now confirm");
    }
    if (now.approval() != null && !approval.satisfies(now.approval(), paramsHash)) {
      return new Recheck(
          Outcome.NEEDS_APPROVAL,
          under + ": it now needs " + now.approval().approvers() + " approval(s) from "
              + now.approval().tiers().stream().map(ApprovalTier::roles).toList()
              + (approval.anyApprovals() ? "; the approvals given do not answer that requirement" : ""));
    }
    return new Recheck(
        Outcome.PROCEED, under + " (" + now.effect().json() + " by " + now.rules() + "): nothing more is needed");
  }
}

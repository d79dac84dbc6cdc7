package com.governedactions.action.workflow;

import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.ActionState.ApprovalGiven;
import com.governedactions.action.ActionState.ApprovalView;
import com.governedactions.action.audit.ApprovalStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval of one action: the requirement waited for, the tier reached, the approvals given and
 * how it ended. Pure: the workflow waits and records, this says what the waiting means.
 */
final class ApprovalRound {
  /** The requirement being (or last) waited for; {@code approvals} answer this one only. */
  private ApprovalRequirement requirement;
  private int tier = -1;
  private Instant tierDeadline;
  private final List<ApprovalGiven> approvals = new ArrayList<>();
  private boolean rejected;
  private String outcome;

  /** Starts waiting for {@code needed}; approvals given for an earlier requirement stay with it. */
  void await(ApprovalRequirement needed) {
    requirement = needed;
  }

  /**
   * A re-check asks for another requirement: approvals given so far answered the old one (they stay
   * in the audit trail) and no longer count.
   */
  void restart() {
    approvals.clear();
    outcome = null;
  }

  /** Enters tier {@code index} (0-based) at {@code now}; the audit detail that asks for it. */
  String enterTier(int index, Instant now) {
    tier = index;
    ApprovalTier current = requirement.tiers().get(index);
    tierDeadline = now.plus(current.sla());
    return "tier %d of %d: %d approval(s) from %s within %s"
        .formatted(index + 1, tierCount(), requirement.approvers(), current.roles(), current.sla());
  }

  int tierCount() {
    return requirement.tiers().size();
  }

  boolean lastTier() {
    return tier == tierCount() - 1;
  }

  ApprovalTier currentTier() {
    return requirement.tiers().get(tier);
  }

  /** Enough distinct people approved the requirement waited for. */
  boolean enoughApprovals() {
    return requirement != null && approvals.size() >= requirement.approvers();
  }

  /** Whether the round is over for the tier's wait: approved, rejected or {@code cancelled}. */
  boolean decided(boolean cancelled) {
    return enoughApprovals() || rejected || cancelled;
  }

  /** Enough people approved: the round is over. */
  void grant() {
    outcome = "approved";
    tierDeadline = null;
  }

  /** The current tier's SLA ran out: the audit detail, escalating or (last tier) ending the round. */
  String breached(String escalation) {
    String breach = "tier %d SLA of %s breached".formatted(tier + 1, currentTier().sla());
    if (!lastTier()) {
      return breach + "; escalated to " + requirement.tiers().get(tier + 1).roles();
    }
    // Never recorded as a decision: the event says it timed out, whatever the final status.
    outcome = "timed out";
    tierDeadline = null;
    String ended =
        switch (requirement.onTimeout()) {
          case EXPIRE -> "the action expired";
          case REJECT -> "the action is rejected by timeout";
          case ESCALATE -> escalation;
        };
    return breach + "; every tier breached, " + ended;
  }

  void add(ApprovalGiven approval) {
    approvals.add(approval);
  }

  boolean rejected() {
    return rejected;
  }

  void reject() {
    rejected = true;
    outcome = "rejected";
    tierDeadline = null;
  }

  void cancel() {
    outcome = "cancelled";
    tierDeadline = null;
  }

  /**
   * Enough approvals for {@code needed}, each given for these parameters ({@code paramsHash}) and
   * an equal requirement.
   */
  boolean satisfies(ApprovalRequirement needed, String paramsHash) {
    if (requirement == null || !needed.acceptsApprovalsFor(requirement)) {
      return false;
    }
    long bound = approvals.stream().filter(a -> paramsHash.equals(a.paramsHash())).count();
    return bound >= needed.approvers();
  }

  boolean anyApprovals() {
    return !approvals.isEmpty();
  }

  /** The requirement waited for, or null before any approval was asked for. */
  ApprovalRequirement requirement() {
    return requirement;
  }

  /** Roles that may approve at the current tier; empty when no tier was entered. */
  List<String> tierRoles() {
    if (requirement == null || tier < 0) {
      return List.of();
    }
    return requirement.tiers().get(tier).roles();
  }

  List<String> approvers() {
    return approvals.stream().map(ApprovalGiven::approver).toList();
  }

  /** The approval as the {@code state} query shows it; null before any tier was entered. */
  ApprovalView view() {
    if (tier < 0) {
      return null;
    }
    return new ApprovalView(
        tier + 1, tierCount(), tierRoles(), requirement.approvers(), List.copyOf(approvals), tierDeadline,
        requirement.onTimeout(), outcome);
  }

  /** The approval for the approvals queue in the store; null before any tier was entered. */
  ApprovalStage stage() {
    // The requirement waited for, not the latest decision's: a re-check may have replaced the
    // decision with one that needs no approval after the approvals were given.
    if (tier < 0 || requirement == null) {
      return null;
    }
    return new ApprovalStage(tier + 1, tierCount(), tierRoles(), requirement.approvers(), approvers(), tierDeadline);
  }
}

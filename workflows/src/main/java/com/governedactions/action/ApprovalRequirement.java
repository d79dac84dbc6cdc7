package com.governedactions.action;

import java.util.List;

/**
 * How an action must be approved: tiers in escalation order, the number of distinct approvers
 * needed (M-of-N), and what happens when the last tier's SLA runs out.
 *
 * @param mayApprove the roles the policy's permission map lets approve this action type; an
 *     approver needs one of them as well as a role of the current tier. Null when the permission
 *     map does not restrict it (and in histories recorded before it existed).
 */
public record ApprovalRequirement(
    List<ApprovalTier> tiers, int approvers, TimeoutOutcome onTimeout, List<String> mayApprove) {
  public ApprovalRequirement {
    tiers = List.copyOf(tiers);
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("an approval needs at least one tier");
    }
    if (approvers < 1) {
      throw new IllegalArgumentException("approvers must be at least 1, was " + approvers);
    }
    onTimeout = onTimeout == null ? TimeoutOutcome.EXPIRE : onTimeout;
    mayApprove = mayApprove == null ? null : List.copyOf(mayApprove);
  }

  public ApprovalRequirement(List<ApprovalTier> tiers, int approvers, TimeoutOutcome onTimeout) {
    this(tiers, approvers, onTimeout, null);
  }

  /** The same requirement, approvable only by {@code roles} (the permission map's approve list). */
  public ApprovalRequirement restrictedTo(List<String> roles) {
    return new ApprovalRequirement(tiers, approvers, onTimeout, roles);
  }

  /**
   * Whether approvals given for {@code other} also satisfy this requirement: the same people could
   * have given them (same roles per tier, same approve list) and as many are needed. SLAs and the
   * timeout outcome do not change what an approval already given means.
   */
  public boolean acceptsApprovalsFor(ApprovalRequirement other) {
    return other != null
        && approvers == other.approvers
        && java.util.Objects.equals(mayApprove, other.mayApprove)
        && tiers.stream().map(ApprovalTier::roles).toList().equals(other.tiers.stream().map(ApprovalTier::roles).toList());
  }
}

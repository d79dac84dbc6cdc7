package com.governedactions.action;

import java.util.List;

/**
 * How an action must be approved: tiers in escalation order, the number of distinct approvers
 * needed (M-of-N), and what happens when the last tier's SLA runs out.
 */
public record ApprovalRequirement(List<ApprovalTier> tiers, int approvers, TimeoutOutcome onTimeout) {
  public ApprovalRequirement {
    tiers = List.copyOf(tiers);
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("an approval needs at least one tier");
    }
    if (approvers < 1) {
      throw new IllegalArgumentException("approvers must be at least 1, was " + approvers);
    }
    onTimeout = onTimeout == null ? TimeoutOutcome.EXPIRE : onTimeout;
  }
}

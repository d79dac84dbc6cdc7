package com.governedactions.action.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where an action's approval stands, as the workflow saw it when it wrote a batch: what the
 * approvals queue ({@code GET /api/v1/approvals}) is served from, so that it never has to query
 * running workflows. Names only, never the approvers' comments (those are free text).
 *
 * @param tier 1-based index of the current tier
 * @param tiers how many tiers the rule has
 * @param roles roles that may approve at the current tier
 * @param required distinct approvers needed
 * @param approvedBy who has approved so far
 * @param deadline when the current tier's SLA runs out; null once the approval is decided
 */
public record ApprovalStage(
    int tier, int tiers, List<String> roles, int required, List<String> approvedBy, Instant deadline) {
  public ApprovalStage {
    roles = roles == null ? List.of() : List.copyOf(roles);
    approvedBy = approvedBy == null ? List.of() : List.copyOf(approvedBy);
  }
}

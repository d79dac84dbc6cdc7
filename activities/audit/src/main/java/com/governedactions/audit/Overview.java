package com.governedactions.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The console's overview of a time range (usually today, UTC, up to now).
 *
 * @param byStatus actions created in the range, by their current status, most first
 * @param slaBreaches approval tiers whose SLA ran out in the range (each APPROVAL_TIMED_OUT event)
 * @param overdueNow actions still awaiting approval past their tier's deadline at {@code now}
 * @param deciders per person, the approvals and rejections they gave in the range, most approvals first
 * @param decided actions with a human decision (approve or reject) in the range
 * @param medianSecondsToDecision from each such action's request to its last decision in the
 *     range, the median; null when none was decided
 */
public record Overview(
    Instant from,
    Instant to,
    Map<String, Long> byStatus,
    long slaBreaches,
    long overdueNow,
    List<Decider> deciders,
    long decided,
    Double medianSecondsToDecision) {

  /** The actions created in the range, whatever their status. */
  public long created() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  public record Decider(String principal, long approved, long rejected) {}
}

package com.governedactions.audit;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the console inbox asks of the approvals queue: the actions these roles may decide now,
 * soonest SLA deadline first, narrowed by its filters (each null or false for no filter).
 *
 * @param roles the signed-in person's roles, as the REST queue's eligibility; empty for all
 * @param type action type, exact, any case
 * @param min lowest amount, inclusive, in the action's own currency
 * @param max highest amount, inclusive
 * @param breachedOnly only actions past their deadline
 * @param claimedBy only actions this principal claimed
 * @param limit at most this many, 1 to {@link ApprovalQueueRepository#MAX_LIMIT}
 */
public record DeadlineQuery(
    List<String> roles, String type, BigDecimal min, BigDecimal max, boolean breachedOnly, String claimedBy,
    int limit) {
  public DeadlineQuery {
    roles = roles == null ? List.of() : List.copyOf(roles);
    if (limit < 1 || limit > ApprovalQueueRepository.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + ApprovalQueueRepository.MAX_LIMIT + ", was " + limit);
    }
  }

  /** No filter: the first {@code limit} actions these roles may decide. */
  public static DeadlineQuery of(List<String> roles, int limit) {
    return new DeadlineQuery(roles, null, null, null, false, null, limit);
  }
}

package com.governedactions.rules;

import java.time.Instant;

/** Aggregates over past actions that rule conditions can read under {@code history.*}. */
public interface HistoryAggregates {

  /**
   * Refunds of {@code customerId} created at or after {@code since} that are done or still under
   * way (SUCCEEDED, EXECUTING, AWAITING_APPROVAL, AWAITING_CONFIRMATION), not counting the action
   * being evaluated.
   */
  RefundHistory refundsSince(String customerId, String excludedActionId, Instant since);
}

package com.governedactions.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Aggregates over past actions that rule conditions can read under {@code history.*}. */
public interface HistoryAggregates {
  Duration DAY = Duration.ofDays(1);
  Duration WEEK = Duration.ofDays(7);
  Duration MONTH = Duration.ofDays(30);

  /**
   * What counts for the customer and order aggregates: actions that took effect or may still take
   * effect. A DENIED, REJECTED, CANCELLED, EXPIRED, ESCALATED or FAILED refund moved no money, and
   * a REVERSED one gave it back. EVALUATING is the rule check itself, not yet a decision.
   * The actor aggregates count every status: they measure how much an actor asks, not what it got.
   */
  List<String> EFFECTIVE_STATUSES = List.of("SUCCEEDED", "EXECUTING", "AWAITING_APPROVAL", "AWAITING_CONFIRMATION");

  /**
   * Refunds of {@code customerId} created at or after {@code since} that are done or still under
   * way (SUCCEEDED, EXECUTING, AWAITING_APPROVAL, AWAITING_CONFIRMATION), not counting the action
   * being evaluated.
   */
  RefundHistory refundsSince(String customerId, String excludedActionId, Instant since);

  /**
   * Every aggregate in {@code scopes} for {@code query}; parts not asked for, or without the key
   * they need (no customer, no order id), are empty. This default serves only the original
   * {@code history.customer.refunds30d}; the database implementation serves all of them.
   */
  default HistorySnapshot snapshot(HistoryQuery query, Set<HistoryScope> scopes) {
    if (!scopes.contains(HistoryScope.CUSTOMER) || !query.has(HistoryScope.CUSTOMER)) {
      return HistorySnapshot.EMPTY;
    }
    RefundHistory refunds = refundsSince(query.customerId(), query.actionId(), query.asOf().minus(MONTH));
    return HistorySnapshot.EMPTY.withCustomer(
        Map.of(), Map.of(), Map.of("refund", new Tally(refunds.count(), refunds.sum())));
  }
}

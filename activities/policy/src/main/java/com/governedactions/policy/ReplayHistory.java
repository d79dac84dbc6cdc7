package com.governedactions.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * History aggregates for a replay, rebuilt in memory from the recorded actions as they stream past
 * in creation order: the simulator asks for each request's history as of its own time without a
 * query per request. Each past action counts with the status it has now (its final one when it is
 * done), which is the approximation {@link PolicySimulator} states in its report.
 */
final class ReplayHistory implements HistoryAggregates {
  private record Past(Instant at, String type, BigDecimal amount) {}

  private static final Set<String> EFFECTIVE = Set.copyOf(EFFECTIVE_STATUSES);

  private final Map<String, ArrayDeque<Past>> byCustomer = new HashMap<>();
  private final Map<String, ArrayDeque<Past>> byActor = new HashMap<>();
  private final Map<String, Tally> orderRefunds = new HashMap<>();

  /** Adds a recorded action; calls come in creation order. */
  void add(
      Instant at, String type, String status, String customerId, String actorType, String actorId, String orderId,
      BigDecimal amount) {
    boolean effective = EFFECTIVE.contains(status);
    Past past = new Past(at, type, amount);
    if (effective && customerId != null) {
      byCustomer.computeIfAbsent(customerId, k -> new ArrayDeque<>()).addLast(past);
    }
    if (actorId != null) {
      byActor.computeIfAbsent(actorType + ":" + actorId, k -> new ArrayDeque<>()).addLast(past);
    }
    if (effective && orderId != null && "refund".equals(type)) {
      orderRefunds.merge(orderId, Tally.ZERO.plus(amount), Tally::plus);
    }
  }

  @Override
  public RefundHistory refundsSince(String customerId, String excludedActionId, Instant since) {
    Tally refunds = Tally.ZERO;
    for (Past past : byCustomer.getOrDefault(customerId, new ArrayDeque<>())) {
      if (!past.at().isBefore(since) && past.type().equals("refund")) {
        refunds = refunds.plus(past.amount());
      }
    }
    return new RefundHistory(refunds.count(), refunds.sum());
  }

  @Override
  public HistorySnapshot snapshot(HistoryQuery query, Set<HistoryScope> scopes) {
    HistorySnapshot snapshot = HistorySnapshot.EMPTY;
    Instant asOf = query.asOf();
    if (scopes.contains(HistoryScope.CUSTOMER) && query.has(HistoryScope.CUSTOMER)) {
      ArrayDeque<Past> pasts = evictBefore(byCustomer.get(query.customerId()), asOf.minus(MONTH));
      Map<String, Tally> d1 = new HashMap<>();
      Map<String, Tally> d7 = new HashMap<>();
      Map<String, Tally> d30 = new HashMap<>();
      Instant day = asOf.minus(DAY);
      Instant week = asOf.minus(WEEK);
      for (Past past : pasts) {
        add(d30, past);
        if (!past.at().isBefore(week)) {
          add(d7, past);
        }
        if (!past.at().isBefore(day)) {
          add(d1, past);
        }
      }
      snapshot = snapshot.withCustomer(d1, d7, d30);
    }
    if (scopes.contains(HistoryScope.ACTOR) && query.has(HistoryScope.ACTOR)) {
      Map<String, Tally> d1 = new HashMap<>();
      evictBefore(byActor.get(query.actorType() + ":" + query.actorId()), asOf.minus(DAY)).forEach(p -> add(d1, p));
      snapshot = snapshot.withActor(d1);
    }
    if (scopes.contains(HistoryScope.ORDER) && query.has(HistoryScope.ORDER)) {
      snapshot = snapshot.withOrderRefunds(orderRefunds.getOrDefault(query.orderId(), Tally.ZERO));
    }
    return snapshot;
  }

  private static void add(Map<String, Tally> byType, Past past) {
    byType.merge(past.type(), Tally.ZERO.plus(past.amount()), Tally::plus);
  }

  // Requests are replayed in time order, so what falls out of a window never comes back.
  private static ArrayDeque<Past> evictBefore(ArrayDeque<Past> pasts, Instant start) {
    if (pasts == null) {
      return new ArrayDeque<>();
    }
    while (!pasts.isEmpty() && pasts.peekFirst().at().isBefore(start)) {
      pasts.removeFirst();
    }
    return pasts;
  }
}

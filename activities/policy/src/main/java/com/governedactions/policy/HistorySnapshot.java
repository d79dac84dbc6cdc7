package com.governedactions.policy;

import java.util.Map;

/**
 * The history aggregates one rule check reads (spec section 3, {@code history.*}). Per-type maps
 * hold only the types that occurred; rules see every catalog type, zero when absent.
 *
 * @param customer24h the customer's actions by type over the last 24 hours
 * @param actor24h the requester's actions by type over the last 24 hours (any status)
 * @param orderRefunds refunds already made against the request's order
 */
public record HistorySnapshot(
    Map<String, Tally> customer24h,
    Map<String, Tally> customer7d,
    Map<String, Tally> customer30d,
    Map<String, Tally> actor24h,
    Tally orderRefunds) {
  public static final HistorySnapshot EMPTY = new HistorySnapshot(Map.of(), Map.of(), Map.of(), Map.of(), Tally.ZERO);

  public HistorySnapshot {
    customer24h = Map.copyOf(customer24h);
    customer7d = Map.copyOf(customer7d);
    customer30d = Map.copyOf(customer30d);
    actor24h = Map.copyOf(actor24h);
  }

  HistorySnapshot withCustomer(Map<String, Tally> d1, Map<String, Tally> d7, Map<String, Tally> d30) {
    return new HistorySnapshot(d1, d7, d30, actor24h, orderRefunds);
  }

  HistorySnapshot withActor(Map<String, Tally> d1) {
    return new HistorySnapshot(customer24h, customer7d, customer30d, d1, orderRefunds);
  }

  HistorySnapshot withOrderRefunds(Tally refunds) {
    return new HistorySnapshot(customer24h, customer7d, customer30d, actor24h, refunds);
  }
}

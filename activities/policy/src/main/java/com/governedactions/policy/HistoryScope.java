package com.governedactions.policy;

/**
 * The parts of {@code history.*} a rule can read. Each part costs one query, so a rule check runs
 * only the queries its candidate rules need.
 */
public enum HistoryScope {
  /** {@code history.customer.*}: the customer's actions over 24 h, 7 d and 30 d */
  CUSTOMER,
  /** {@code history.actor.*}: the requester's actions over the last 24 h */
  ACTOR,
  /** {@code history.order.*}: refunds already made against the order in {@code params.orderId} */
  ORDER
}

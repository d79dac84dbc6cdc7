package com.governedactions.policy;

import java.math.BigDecimal;

/**
 * A customer's recent refunds, as rules see them in {@code history.customer.refunds30d}.
 *
 * @param sum total of the refunded amounts in major units, across currencies
 */
public record RefundHistory(long count, BigDecimal sum) {
  public static final RefundHistory NONE = new RefundHistory(0, BigDecimal.ZERO);
}

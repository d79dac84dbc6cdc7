package com.governedactions.policy;

import java.math.BigDecimal;

/**
 * How many actions, and the sum of their amounts in major units (across currencies, as {@code
 * history.customer.refunds30d.sum} always has been).
 */
public record Tally(long count, BigDecimal sum) {
  public static final Tally ZERO = new Tally(0, BigDecimal.ZERO);

  public Tally {
    // numeric(19,4) comes back as 30.0000: one scale, so equal tallies are equal records
    sum = sum.signum() == 0 ? BigDecimal.ZERO : sum.stripTrailingZeros();
  }

  public Tally plus(BigDecimal amount) {
    return new Tally(count + 1, amount == null ? sum : sum.add(amount));
  }

  public Tally plus(Tally other) {
    return new Tally(count + other.count, sum.add(other.sum));
  }
}

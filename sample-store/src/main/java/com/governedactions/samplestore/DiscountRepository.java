package com.governedactions.samplestore;

import org.springframework.stereotype.Component;

/** Discounts in schema {@code sample_store}; a removed discount stays, with status REMOVED. */
@Component
@ConditionalOnSampleStore
class DiscountRepository extends OrderCredits {
  private static final Table DISCOUNTS =
      new Table("discounts", "discount_id", "di_", "code", "ACTIVE", "REMOVED", "removed_at");

  DiscountRepository(SampleStoreDatabase database, OrderRepository orders, Idempotency idempotency) {
    super(database, orders, idempotency, DISCOUNTS);
  }
}

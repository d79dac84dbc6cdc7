package com.governedactions.samplestore;

import org.springframework.stereotype.Component;

/** Refunds in schema {@code sample_store}; a reversed refund stays, with status REVERSED. */
@Component
@ConditionalOnSampleStore
class RefundRepository extends OrderCredits {
  private static final Table REFUNDS =
      new Table("refunds", "refund_id", "re_", "reason", "SUCCEEDED", "REVERSED", "reversed_at");

  RefundRepository(SampleStoreDatabase database, OrderRepository orders, Idempotency idempotency) {
    super(database, orders, idempotency, REFUNDS);
  }
}

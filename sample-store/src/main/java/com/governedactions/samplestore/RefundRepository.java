package com.governedactions.samplestore;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Refunds in schema {@code sample_store}; a reversed refund stays, with status REVERSED. */
@Component
@ConditionalOnSampleStore
class RefundRepository {
  enum Status {
    SUCCEEDED,
    REVERSED
  }

  record Refund(String refundId, String orderId, BigDecimal amount, String currency, String reason, Status status) {}

  private static final String COLUMNS =
      "SELECT refund_id, order_id, amount, currency, reason, status FROM sample_store.refunds";

  private final SampleStoreDatabase database;

  RefundRepository(SampleStoreDatabase database) {
    this.database = database;
  }

  /** What refunds that still stand have paid back on the order. */
  BigDecimal refundedTotal(String orderId) {
    return database.jdbc()
        .sql("""
            SELECT coalesce(sum(amount), 0) FROM sample_store.refunds
             WHERE order_id = :orderId AND status = 'SUCCEEDED'""")
        .param("orderId", orderId)
        .query(BigDecimal.class)
        .single();
  }

  Refund insert(String orderId, Money money, String reason, String idempotencyKey) {
    Refund refund = new Refund("re_" + shortId(), orderId, money.amount(), money.currency(), reason, Status.SUCCEEDED);
    database.jdbc()
        .sql("""
            INSERT INTO sample_store.refunds
                (refund_id, order_id, amount, currency, reason, status, idempotency_key)
            VALUES (:refundId, :orderId, :amount, :currency, :reason, :status, :key)""")
        .param("refundId", refund.refundId())
        .param("orderId", orderId)
        .param("amount", money.amount())
        .param("currency", money.currency())
        .param("reason", reason)
        .param("status", refund.status().name())
        .param("key", idempotencyKey)
        .update();
    return refund;
  }

  Optional<Refund> findByIdempotencyKey(String idempotencyKey) {
    return database.jdbc()
        .sql(COLUMNS + " WHERE idempotency_key = :key")
        .param("key", idempotencyKey)
        .query(RefundRepository::refund)
        .optional();
  }

  /** Voids a standing refund; false when it was already reversed. */
  boolean markReversed(String refundId) {
    return database.jdbc()
            .sql("""
                UPDATE sample_store.refunds SET status = 'REVERSED', reversed_at = now()
                 WHERE refund_id = :refundId AND status = 'SUCCEEDED'""")
            .param("refundId", refundId)
            .update()
        == 1;
  }

  List<Refund> forOrder(String orderId) {
    return database.jdbc()
        .sql(COLUMNS + " WHERE order_id = :orderId ORDER BY created_at, refund_id")
        .param("orderId", orderId)
        .query(RefundRepository::refund)
        .list();
  }

  static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  private static Refund refund(ResultSet rs, int row) throws SQLException {
    return new Refund(
        rs.getString("refund_id"),
        rs.getString("order_id"),
        rs.getBigDecimal("amount"),
        rs.getString("currency"),
        rs.getString("reason"),
        Status.valueOf(rs.getString("status")));
  }
}

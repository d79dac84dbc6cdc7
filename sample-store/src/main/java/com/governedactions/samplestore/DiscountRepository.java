package com.governedactions.samplestore;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Discounts in schema {@code sample_store}; a removed discount stays, with status REMOVED. */
@Component
@ConditionalOnSampleStore
class DiscountRepository {
  enum Status {
    ACTIVE,
    REMOVED
  }

  record Discount(String discountId, String orderId, BigDecimal amount, String currency, String code, Status status) {}

  private static final String COLUMNS =
      "SELECT discount_id, order_id, amount, currency, code, status FROM sample_store.discounts";

  private final SampleStoreDatabase database;

  DiscountRepository(SampleStoreDatabase database) {
    this.database = database;
  }

  BigDecimal activeTotal(String orderId) {
    return database.jdbc()
        .sql("""
            SELECT coalesce(sum(amount), 0) FROM sample_store.discounts
             WHERE order_id = :orderId AND status = 'ACTIVE'""")
        .param("orderId", orderId)
        .query(BigDecimal.class)
        .single();
  }

  Discount insert(String orderId, Money money, String code, String idempotencyKey) {
    Discount discount =
        new Discount("di_" + RefundRepository.shortId(), orderId, money.amount(), money.currency(), code, Status.ACTIVE);
    database.jdbc()
        .sql("""
            INSERT INTO sample_store.discounts
                (discount_id, order_id, amount, currency, code, status, idempotency_key)
            VALUES (:discountId, :orderId, :amount, :currency, :code, :status, :key)""")
        .param("discountId", discount.discountId())
        .param("orderId", orderId)
        .param("amount", money.amount())
        .param("currency", money.currency())
        .param("code", code)
        .param("status", discount.status().name())
        .param("key", idempotencyKey)
        .update();
    return discount;
  }

  Optional<Discount> findByIdempotencyKey(String idempotencyKey) {
    return database.jdbc()
        .sql(COLUMNS + " WHERE idempotency_key = :key")
        .param("key", idempotencyKey)
        .query(DiscountRepository::discount)
        .optional();
  }

  /** Removes an active discount; false when it was already removed. */
  boolean markRemoved(String discountId) {
    return database.jdbc()
            .sql("""
                UPDATE sample_store.discounts SET status = 'REMOVED', removed_at = now()
                 WHERE discount_id = :discountId AND status = 'ACTIVE'""")
            .param("discountId", discountId)
            .update()
        == 1;
  }

  List<Discount> forOrder(String orderId) {
    return database.jdbc()
        .sql(COLUMNS + " WHERE order_id = :orderId ORDER BY created_at, discount_id")
        .param("orderId", orderId)
        .query(DiscountRepository::discount)
        .list();
  }

  private static Discount discount(ResultSet rs, int row) throws SQLException {
    return new Discount(
        rs.getString("discount_id"),
        rs.getString("order_id"),
        rs.getBigDecimal("amount"),
        rs.getString("currency"),
        rs.getString("code"),
        Status.valueOf(rs.getString("status")));
  }
}

package com.governedactions.samplestore;

import com.governedactions.samplestore.OrderRepository.Order;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * Money credited back against an order under an idempotency key: a refund or a discount. Their
 * tables have one shape (amount, currency, a note, a standing or voided status, the key that made
 * the row), so their SQL and their undo are written once, here; {@link Table} names each table's
 * words. A voided credit stays, with its voided status and time.
 */
abstract class OrderCredits {
  /**
   * @param note the free-text column (a refund's reason, a discount's code)
   * @param standing the status of a credit that counts; {@code voided} of one that was undone at {@code voidedAt}
   */
  record Table(String name, String id, String idPrefix, String note, String standing, String voided, String voidedAt) {}

  /** One row; {@code note} is the table's note column. */
  record Credit(String id, String orderId, BigDecimal amount, String currency, String note, String status) {}

  private final SampleStoreDatabase database;
  private final OrderRepository orders;
  private final Idempotency idempotency;
  private final Table table;
  private final String select;

  OrderCredits(SampleStoreDatabase database, OrderRepository orders, Idempotency idempotency, Table table) {
    this.database = database;
    this.orders = orders;
    this.idempotency = idempotency;
    this.table = table;
    this.select = "SELECT " + table.id() + ", order_id, amount, currency, " + table.note() + ", status FROM "
        + SampleStoreDatabase.SCHEMA + "." + table.name();
  }

  /** What the order's standing credits add up to. */
  BigDecimal standingTotal(String orderId) {
    return database.jdbc()
        .sql("SELECT coalesce(sum(amount), 0) FROM " + qualifiedName() + " WHERE order_id = :orderId AND status = :standing")
        .param("orderId", orderId)
        .param("standing", table.standing())
        .query(BigDecimal.class)
        .single();
  }

  Credit insert(String orderId, Money money, String note, String idempotencyKey) {
    Credit credit = new Credit(SampleStoreDatabase.newId(table.idPrefix()), orderId, money.amount(), money.currency(),
        note, table.standing());
    database.jdbc()
        .sql("INSERT INTO " + qualifiedName() + " (" + table.id() + ", order_id, amount, currency, " + table.note()
            + ", status, idempotency_key) VALUES (:id, :orderId, :amount, :currency, :note, :status, :key)")
        .param("id", credit.id())
        .param("orderId", orderId)
        .param("amount", money.amount())
        .param("currency", money.currency())
        .param("note", note)
        .param("status", credit.status())
        .param("key", idempotencyKey)
        .update();
    return credit;
  }

  List<Credit> forOrder(String orderId) {
    return database.jdbc()
        .sql(select + " WHERE order_id = :orderId ORDER BY created_at, " + table.id())
        .param("orderId", orderId)
        .query(this::credit)
        .list();
  }

  /**
   * The compensation of the call made under {@code forwardKey}: voids the credit it made and answers
   * it (voided already counts as voided). A compensation cannot know whether its forward call
   * happened, so when none was made the answer is empty, and the key is revoked, so a forward call
   * still in flight can no longer land after its own undo.
   */
  Optional<Credit> voidMadeUnder(String forwardKey) {
    if (idempotency.revokeIfUnused(forwardKey)) {
      return Optional.empty();
    }
    Optional<Credit> found = database.jdbc()
        .sql(select + " WHERE idempotency_key = :key")
        .param("key", forwardKey)
        .query(this::credit)
        .optional();
    found.ifPresent(credit -> {
      orders.lock(credit.orderId());
      database.jdbc()
          .sql("UPDATE " + qualifiedName() + " SET status = :voided, " + table.voidedAt() + " = now()"
              + " WHERE " + table.id() + " = :id AND status = :standing")
          .param("voided", table.voided())
          .param("id", credit.id())
          .param("standing", table.standing())
          .update();
    });
    return found;
  }

  /** A 422 {@code currency_mismatch} unless {@code money} is in the order's currency. */
  static void requireOrderCurrency(Order order, Money money, String credit) {
    if (!order.currency().equals(money.currency())) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "currency_mismatch",
          "order " + order.orderId() + " was paid in " + order.currency() + ", the " + credit + " is in "
              + money.currency());
    }
  }

  private String qualifiedName() {
    return SampleStoreDatabase.SCHEMA + "." + table.name();
  }

  private Credit credit(ResultSet rs, int row) throws SQLException {
    return new Credit(
        rs.getString(table.id()),
        rs.getString("order_id"),
        rs.getBigDecimal("amount"),
        rs.getString("currency"),
        rs.getString(table.note()),
        rs.getString("status"));
  }
}

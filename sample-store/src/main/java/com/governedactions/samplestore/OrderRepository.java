package com.governedactions.samplestore;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Orders in schema {@code sample_store}. */
@Component
@ConditionalOnSampleStore
class OrderRepository {
  enum Status {
    PAID,
    SHIPPED,
    CANCELLED
  }

  record Order(String orderId, String customerId, Status status, String currency, BigDecimal paidAmount, Address address) {}

  private static final String COLUMNS = """
      SELECT order_id, customer_id, status, currency, paid_amount,
             address_line1, address_line2, address_city, address_postal_code, address_country
        FROM sample_store.orders
       WHERE order_id = :orderId""";

  private final SampleStoreDatabase database;

  OrderRepository(SampleStoreDatabase database) {
    this.database = database;
  }

  Optional<Order> find(String orderId) {
    return database.jdbc().sql(COLUMNS).param("orderId", orderId).query(OrderRepository::order).optional();
  }

  /** Reads the order and locks it until the transaction ends: every change to an order goes through here. */
  Order lock(String orderId) {
    return database.jdbc()
        .sql(COLUMNS + " FOR UPDATE")
        .param("orderId", orderId)
        .query(OrderRepository::order)
        .optional()
        .orElseThrow(() -> StoreException.orderNotFound(orderId));
  }

  void updateStatus(String orderId, Status status) {
    database.jdbc()
        .sql("UPDATE sample_store.orders SET status = :status, updated_at = now() WHERE order_id = :orderId")
        .param("status", status.name())
        .param("orderId", orderId)
        .update();
  }

  void updateAddress(String orderId, Address address) {
    database.jdbc()
        .sql("""
            UPDATE sample_store.orders
               SET address_line1 = :line1, address_line2 = :line2, address_city = :city,
                   address_postal_code = :postalCode, address_country = :country, updated_at = now()
             WHERE order_id = :orderId""")
        .param("line1", address.line1())
        .param("line2", address.line2())
        .param("city", address.city())
        .param("postalCode", address.postalCode())
        .param("country", address.country())
        .param("orderId", orderId)
        .update();
  }

  private static Order order(ResultSet rs, int row) throws SQLException {
    Address address = new Address(
        rs.getString("address_line1"),
        rs.getString("address_line2"),
        rs.getString("address_city"),
        rs.getString("address_postal_code"),
        rs.getString("address_country"));
    return new Order(
        rs.getString("order_id"),
        rs.getString("customer_id"),
        Status.valueOf(rs.getString("status")),
        rs.getString("currency"),
        rs.getBigDecimal("paid_amount"),
        address);
  }
}

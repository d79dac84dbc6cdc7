package com.governedactions.policy;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * History aggregates from the action list table that the audit writer keeps current. Each part of
 * {@code history.*} is one query over one index: customer on (customer_id, created_at), actor on
 * (actor_id, created_at), order on (order_id, type) — see V4__history_and_replay.sql.
 */
@Component
class JdbcHistoryAggregates implements HistoryAggregates {
  static final String ACTION_TABLE = "governed.action";

  private static final String COUNTED_STATUSES =
      EFFECTIVE_STATUSES.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));

  private final JdbcClient jdbc;
  private final String refundsQuery;
  private final String customerQuery;
  private final String actorQuery;
  private final String orderQuery;

  @Autowired
  JdbcHistoryAggregates(JdbcClient jdbc) {
    this(jdbc, ACTION_TABLE);
  }

  /** @param table the action table, schema-qualified; tests use their own schema */
  JdbcHistoryAggregates(JdbcClient jdbc, String table) {
    this.jdbc = jdbc;
    this.refundsQuery =
        "SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM " + table
            + " WHERE customer_id = :customerId AND type = 'refund' AND created_at >= :since"
            + " AND status IN " + COUNTED_STATUSES
            + " AND action_id <> :actionId";
    // One pass over the customer's last 30 days yields all three windows per type.
    this.customerQuery =
        "SELECT type,"
            + " count(*) FILTER (WHERE created_at >= :day) AS n1,"
            + " coalesce(sum(amount) FILTER (WHERE created_at >= :day), 0) AS s1,"
            + " count(*) FILTER (WHERE created_at >= :week) AS n7,"
            + " coalesce(sum(amount) FILTER (WHERE created_at >= :week), 0) AS s7,"
            + " count(*) AS n30, coalesce(sum(amount), 0) AS s30"
            + " FROM " + table
            + " WHERE customer_id = :customerId AND created_at >= :month"
            + " AND status IN " + COUNTED_STATUSES
            + " AND action_id <> :actionId GROUP BY type";
    this.actorQuery =
        "SELECT type, count(*) AS n, coalesce(sum(amount), 0) AS s FROM " + table
            + " WHERE actor_id = :actorId AND actor_type = :actorType AND created_at >= :day"
            + " AND action_id <> :actionId GROUP BY type";
    this.orderQuery =
        "SELECT count(*) AS n, coalesce(sum(amount), 0) AS s FROM " + table
            + " WHERE order_id = :orderId AND type = 'refund' AND status IN " + COUNTED_STATUSES
            + " AND action_id <> :actionId";
  }

  @Override
  public RefundHistory refundsSince(String customerId, String excludedActionId, Instant since) {
    return jdbc.sql(refundsQuery)
        .param("customerId", customerId)
        .param("since", utc(since))
        .param("actionId", excludedActionId == null ? "" : excludedActionId)
        .query((rs, row) -> new RefundHistory(rs.getLong("n"), rs.getBigDecimal("total")))
        .single();
  }

  @Override
  public HistorySnapshot snapshot(HistoryQuery query, Set<HistoryScope> scopes) {
    HistorySnapshot snapshot = HistorySnapshot.EMPTY;
    String actionId = query.actionId() == null ? "" : query.actionId();
    if (scopes.contains(HistoryScope.CUSTOMER) && query.has(HistoryScope.CUSTOMER)) {
      Map<String, Tally> d1 = new HashMap<>();
      Map<String, Tally> d7 = new HashMap<>();
      Map<String, Tally> d30 = new HashMap<>();
      jdbc.sql(customerQuery)
          .param("customerId", query.customerId())
          .param("day", utc(query.asOf().minus(DAY)))
          .param("week", utc(query.asOf().minus(WEEK)))
          .param("month", utc(query.asOf().minus(MONTH)))
          .param("actionId", actionId)
          .query(
              rs -> {
                String type = rs.getString("type");
                putIfAny(d1, type, tally(rs, "n1", "s1"));
                putIfAny(d7, type, tally(rs, "n7", "s7"));
                putIfAny(d30, type, tally(rs, "n30", "s30"));
              });
      snapshot = snapshot.withCustomer(d1, d7, d30);
    }
    if (scopes.contains(HistoryScope.ACTOR) && query.has(HistoryScope.ACTOR)) {
      Map<String, Tally> d1 = new HashMap<>();
      jdbc.sql(actorQuery)
          .param("actorId", query.actorId())
          .param("actorType", query.actorType())
          .param("day", utc(query.asOf().minus(DAY)))
          .param("actionId", actionId)
          .query(rs -> {
            d1.put(rs.getString("type"), tally(rs, "n", "s"));
          });
      snapshot = snapshot.withActor(d1);
    }
    if (scopes.contains(HistoryScope.ORDER) && query.has(HistoryScope.ORDER)) {
      Tally refunds =
          jdbc.sql(orderQuery)
              .param("orderId", query.orderId())
              .param("actionId", actionId)
              .query((rs, row) -> tally(rs, "n", "s"))
              .single();
      snapshot = snapshot.withOrderRefunds(refunds);
    }
    return snapshot;
  }

  private static void putIfAny(Map<String, Tally> byType, String type, Tally tally) {
    if (tally.count() > 0) {
      byType.put(type, tally);
    }
  }

  private static Tally tally(ResultSet rs, String count, String sum) throws SQLException {
    long n = rs.getLong(count);
    BigDecimal total = rs.getBigDecimal(sum);
    return n == 0 ? Tally.ZERO : new Tally(n, total);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}

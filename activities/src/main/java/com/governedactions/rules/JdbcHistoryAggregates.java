package com.governedactions.rules;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * History aggregates from the action list table that the audit writer keeps current. One query,
 * served by an index on (customer_id, type, created_at).
 */
@Component
class JdbcHistoryAggregates implements HistoryAggregates {
  static final String ACTION_TABLE = "governed.action";

  // Refunds that took effect or may still take effect; denied, rejected, cancelled... never paid out.
  private static final String COUNTED_STATUSES =
      "('SUCCEEDED', 'EXECUTING', 'AWAITING_APPROVAL', 'AWAITING_CONFIRMATION')";

  private final JdbcClient jdbc;
  private final String refundsQuery;

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
  }

  @Override
  public RefundHistory refundsSince(String customerId, String excludedActionId, Instant since) {
    return jdbc.sql(refundsQuery)
        .param("customerId", customerId)
        .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
        .param("actionId", excludedActionId == null ? "" : excludedActionId)
        .query((rs, row) -> new RefundHistory(rs.getLong("n"), rs.getBigDecimal("total")))
        .single();
  }
}

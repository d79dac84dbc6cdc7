package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Against the real PostgreSQL {@code test} database, in a schema of its own so that the action
 * table another module migrates into {@code governed} is left alone.
 */
class JdbcHistoryAggregatesTest {
  private static final String TABLE = "rules_history_test.action";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(30));

  private static JdbcClient jdbc;
  private final JdbcHistoryAggregates aggregates = new JdbcHistoryAggregates(jdbc, TABLE);

  @BeforeAll
  static void createTable() {
    jdbc = JdbcClient.create(
        new SimpleDriverDataSource(new org.postgresql.Driver(), System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", ""));
    jdbc.sql("CREATE SCHEMA IF NOT EXISTS rules_history_test").update();
    jdbc.sql("DROP TABLE IF EXISTS " + TABLE).update();
    jdbc.sql("""
        CREATE TABLE %s (
          action_id text PRIMARY KEY, type text NOT NULL, status text NOT NULL, customer_id text,
          amount numeric(19,4), currency char(3), created_at timestamptz NOT NULL)
        """.formatted(TABLE)).update();
    jdbc.sql("CREATE INDEX ON " + TABLE + " (customer_id, type, created_at)").update();
  }

  @BeforeEach
  void emptyTable() {
    jdbc.sql("TRUNCATE " + TABLE).update();
  }

  private static void action(String id, String type, String status, String customer, String amount, Instant at) {
    jdbc.sql("INSERT INTO " + TABLE + " VALUES (:id, :type, :status, :customer, :amount, 'USD', :at)")
        .param("id", id)
        .param("type", type)
        .param("status", status)
        .param("customer", customer)
        .param("amount", amount == null ? null : new BigDecimal(amount))
        .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .update();
  }

  @Test
  void given_no_refunds_when_aggregated_then_count_and_sum_are_zero() {
    RefundHistory history = aggregates.refundsSince("C-42", "action-new", SINCE);

    assertThat(history.count()).isZero();
    assertThat(history.sum()).isEqualByComparingTo("0");
  }

  @Test
  void given_refunds_done_or_under_way_when_aggregated_then_each_counts_and_adds_up() {
    action("a1", "refund", "SUCCEEDED", "C-42", "10.50", NOW.minus(Duration.ofDays(1)));
    action("a2", "refund", "EXECUTING", "C-42", "20.00", NOW.minus(Duration.ofDays(2)));
    action("a3", "refund", "AWAITING_APPROVAL", "C-42", "30.25", NOW.minus(Duration.ofDays(3)));
    action("a4", "refund", "AWAITING_CONFIRMATION", "C-42", "40.00", NOW.minus(Duration.ofHours(1)));

    RefundHistory history = aggregates.refundsSince("C-42", "action-new", SINCE);

    assertThat(history.count()).isEqualTo(4);
    assertThat(history.sum()).isEqualByComparingTo("100.75");
  }

  @Test
  void given_refunds_around_the_window_start_when_aggregated_then_only_those_inside_count() {
    action("inside", "refund", "SUCCEEDED", "C-42", "10.00", SINCE.plusSeconds(1));
    action("at-start", "refund", "SUCCEEDED", "C-42", "20.00", SINCE);
    action("before", "refund", "SUCCEEDED", "C-42", "40.00", SINCE.minusSeconds(1));

    RefundHistory history = aggregates.refundsSince("C-42", "action-new", SINCE);

    assertThat(history.count()).isEqualTo(2);
    assertThat(history.sum()).isEqualByComparingTo("30.00");
  }

  @Test
  void given_refunds_that_never_paid_out_when_aggregated_then_they_do_not_count() {
    Instant recent = NOW.minus(Duration.ofDays(1));
    int i = 0;
    for (String status : new String[] {"EVALUATING", "DENIED", "REJECTED", "CANCELLED", "EXPIRED", "ESCALATED", "FAILED", "REVERSED"}) {
      action("x" + i++, "refund", status, "C-42", "10.00", recent);
    }
    action("counted", "refund", "SUCCEEDED", "C-42", "5.00", recent);

    RefundHistory history = aggregates.refundsSince("C-42", "action-new", SINCE);

    assertThat(history.count()).isEqualTo(1);
    assertThat(history.sum()).isEqualByComparingTo("5.00");
  }

  @Test
  void given_other_customers_other_types_and_the_current_action_when_aggregated_then_none_count() {
    Instant recent = NOW.minus(Duration.ofDays(1));
    action("other-customer", "refund", "SUCCEEDED", "C-7", "10.00", recent);
    action("other-type", "apply_discount", "SUCCEEDED", "C-42", "10.00", recent);
    action("action-new", "refund", "AWAITING_CONFIRMATION", "C-42", "10.00", recent);
    action("counted", "refund", "SUCCEEDED", "C-42", "7.00", recent);

    RefundHistory history = aggregates.refundsSince("C-42", "action-new", SINCE);

    assertThat(history.count()).isEqualTo(1);
    assertThat(history.sum()).isEqualByComparingTo("7.00");
  }
}

package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Every {@code history.*} window, computed by {@link JdbcHistoryAggregates} against real
 * PostgreSQL and read by rule conditions. A schema of its own keeps the rows apart from other tests.
 */
class HistoryWindowsTest {
  private static final String TABLE = "rules_windows_test.action";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static JdbcClient jdbc;
  private final JdbcHistoryAggregates aggregates = new JdbcHistoryAggregates(jdbc, TABLE);
  private final ActionCatalog catalog = new ActionCatalog();
  private final PolicyCompiler compiler = new PolicyCompiler(catalog);

  @BeforeAll
  static void createTable() {
    jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(),
        System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", ""));
    jdbc.sql("CREATE SCHEMA IF NOT EXISTS rules_windows_test").update();
    jdbc.sql("DROP TABLE IF EXISTS " + TABLE).update();
    jdbc.sql("""
        CREATE TABLE %s (
          action_id text PRIMARY KEY, type text NOT NULL, status text NOT NULL, customer_id text,
          actor_type text, actor_id text, order_id text, amount numeric(19,4), currency char(3),
          created_at timestamptz NOT NULL)
        """.formatted(TABLE)).update();
  }

  @BeforeEach
  void emptyTable() {
    jdbc.sql("TRUNCATE " + TABLE).update();
  }

  private static void action(
      String id, String type, String status, String customer, String actor, String order, String amount, Duration ago) {
    jdbc.sql("INSERT INTO " + TABLE + " VALUES (:id, :type, :status, :customer, 'ai', :actor, :order, :amount, 'USD', :at)")
        .param("id", id)
        .param("type", type)
        .param("status", status)
        .param("customer", customer)
        .param("actor", actor)
        .param("order", order)
        .param("amount", amount == null ? null : new BigDecimal(amount))
        .param("at", OffsetDateTime.ofInstant(NOW.minus(ago), ZoneOffset.UTC))
        .update();
  }

  private HistorySnapshot snapshot(String customer, String actor, String order) {
    return aggregates.snapshot(
        new HistoryQuery("action-new", customer, "ai", actor, order, NOW), EnumSet.allOf(HistoryScope.class));
  }

  @Test
  void given_refunds_across_a_month_when_aggregated_then_each_window_counts_only_its_own() {
    action("h1", "refund", "SUCCEEDED", "C-1", "bot", "A-1", "10.00", Duration.ofHours(1));
    action("h23", "refund", "SUCCEEDED", "C-1", "bot", "A-2", "20.00", Duration.ofHours(23));
    action("d2", "refund", "EXECUTING", "C-1", "bot", "A-3", "40.00", Duration.ofDays(2));
    action("d6", "refund", "AWAITING_APPROVAL", "C-1", "bot", "A-4", "80.00", Duration.ofDays(6).plusHours(23));
    action("d8", "refund", "SUCCEEDED", "C-1", "bot", "A-5", "160.00", Duration.ofDays(8));
    action("d29", "refund", "SUCCEEDED", "C-1", "bot", "A-6", "320.00", Duration.ofDays(29));
    action("d31", "refund", "SUCCEEDED", "C-1", "bot", "A-7", "640.00", Duration.ofDays(31));

    HistorySnapshot history = snapshot("C-1", null, null);

    assertThat(history.customer24h().get("refund")).isEqualTo(tally(2, "30.00"));
    assertThat(history.customer7d().get("refund")).isEqualTo(tally(4, "150.00"));
    assertThat(history.customer30d().get("refund")).isEqualTo(tally(6, "630.00"));
  }

  @Test
  void given_several_action_types_when_aggregated_then_each_type_has_its_own_windows() {
    action("r", "refund", "SUCCEEDED", "C-1", "bot", "A-1", "10.00", Duration.ofHours(2));
    action("d1", "apply_discount", "SUCCEEDED", "C-1", "bot", "A-1", "5.00", Duration.ofHours(3));
    action("d2", "apply_discount", "SUCCEEDED", "C-1", "bot", "A-2", "7.00", Duration.ofDays(3));
    action("c", "cancel_order", "SUCCEEDED", "C-1", "bot", "A-3", null, Duration.ofDays(20));

    HistorySnapshot history = snapshot("C-1", null, null);

    assertThat(history.customer24h()).containsOnlyKeys("refund", "apply_discount");
    assertThat(history.customer24h().get("apply_discount")).isEqualTo(tally(1, "5.00"));
    assertThat(history.customer7d().get("apply_discount")).isEqualTo(tally(2, "12.00"));
    assertThat(history.customer30d().get("cancel_order")).isEqualTo(tally(1, "0"));
  }

  @Test
  void given_denied_and_other_unpaid_actions_when_aggregated_for_the_customer_then_they_do_not_count() {
    int i = 0;
    for (String status : List.of("EVALUATING", "DENIED", "REJECTED", "CANCELLED", "EXPIRED", "ESCALATED", "FAILED", "REVERSED")) {
      action("x" + i++, "refund", status, "C-1", "bot", "A-1", "10.00", Duration.ofHours(1));
    }
    action("paid", "refund", "SUCCEEDED", "C-1", "bot", "A-1", "5.00", Duration.ofHours(1));

    HistorySnapshot history = snapshot("C-1", "bot", "A-1");

    assertThat(history.customer24h().get("refund")).isEqualTo(tally(1, "5.00"));
    assertThat(history.orderRefunds()).isEqualTo(tally(1, "5.00"));
    // the actor counts measure how much it asked: every status counts
    assertThat(history.actor24h().get("refund").count()).isEqualTo(9);
  }

  @Test
  void given_an_actor_busy_today_and_yesterday_when_aggregated_then_only_the_last_24_hours_count() {
    action("t1", "refund", "DENIED", "C-1", "bot", "A-1", "10.00", Duration.ofHours(1));
    action("t2", "apply_discount", "SUCCEEDED", "C-2", "bot", "A-2", "3.00", Duration.ofHours(23).plusMinutes(59));
    action("y1", "refund", "SUCCEEDED", "C-3", "bot", "A-3", "10.00", Duration.ofHours(24).plusMinutes(1));
    action("other", "refund", "SUCCEEDED", "C-1", "other-bot", "A-4", "10.00", Duration.ofHours(1));

    HistorySnapshot history = snapshot(null, "bot", null);

    assertThat(history.actor24h()).containsOnlyKeys("refund", "apply_discount");
    assertThat(history.actor24h().get("refund").count()).isEqualTo(1);
    assertThat(history.actor24h().get("apply_discount").count()).isEqualTo(1);
    assertThat(history.customer30d()).isEmpty();
  }

  @Test
  void given_the_action_itself_in_the_table_when_aggregated_then_it_is_left_out_of_every_window() {
    action("action-new", "refund", "AWAITING_CONFIRMATION", "C-1", "bot", "A-1", "99.00", Duration.ZERO);

    HistorySnapshot history = snapshot("C-1", "bot", "A-1");

    assertThat(history.customer24h()).isEmpty();
    assertThat(history.actor24h()).isEmpty();
    assertThat(history.orderRefunds()).isEqualTo(Tally.ZERO);
  }

  @Test
  void given_a_large_refund_split_into_small_ones_when_the_next_part_is_checked_then_the_order_total_denies_it() {
    // 3 × 180 = 540 on one order, each under a 500 limit; the third one crosses it.
    action("part1", "refund", "SUCCEEDED", "C-1", "bot", "A-1001", "180.00", Duration.ofDays(3));
    action("part2", "refund", "AWAITING_APPROVAL", "C-1", "bot", "A-1001", "180.00", Duration.ofHours(2));
    action("rejected", "refund", "REJECTED", "C-1", "bot", "A-1001", "180.00", Duration.ofHours(1));
    action("other-order", "refund", "SUCCEEDED", "C-1", "bot", "A-2002", "400.00", Duration.ofHours(1));
    CompiledPolicy policy = compiler.compile("""
        rules:
          - id: refund
            when: action.type == "refund" && action.amount <= 500.0
            effect: allow
          - id: split-refund
            when: action.type == "refund" && history.order.refunds.sum + action.amount > 500.0
            effect: deny
            reason: refunds against this order would exceed 500
        """, 2);
    RuleEngine engine = new RuleEngine(catalog, aggregates);

    Decision third = engine.decide(policy, "action-new", refund("A-1001", "180.00"), NOW);
    Decision small = engine.decide(policy, "action-new", refund("A-1001", "100.00"), NOW);
    Decision otherOrder = engine.decide(policy, "action-new", refund("A-3003", "180.00"), NOW);

    assertThat(third.effect()).isEqualTo(Effect.DENY);
    assertThat(third.rules()).containsExactly("refund", "split-refund");
    assertThat(small.effect()).isEqualTo(Effect.ALLOW);
    assertThat(otherOrder.effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void given_rules_over_every_history_field_when_decided_then_each_reads_its_window() {
    action("r1", "refund", "SUCCEEDED", "C-1", "bot", "A-1", "30.00", Duration.ofHours(2));
    action("r2", "refund", "SUCCEEDED", "C-1", "bot", "A-2", "30.00", Duration.ofDays(5));
    action("r3", "refund", "SUCCEEDED", "C-1", "bot", "A-3", "30.00", Duration.ofDays(20));
    action("d1", "apply_discount", "SUCCEEDED", "C-1", "bot", "A-4", "15.00", Duration.ofDays(6));
    CompiledPolicy policy = compiler.compile("""
        rules:
          - {id: base, when: action.type == "refund", effect: allow}
          - {id: r24, when: history.customer.refunds24h.count == 1, effect: allow}
          - {id: r7, when: history.customer.refunds7d.count == 2 && history.customer.refunds7d.sum == 60.0, effect: allow}
          - {id: r30, when: history.customer.refunds30d.count == 3, effect: allow}
          - {id: t24, when: 'history.customer.byType24h["apply_discount"].count == 0', effect: allow}
          - {id: t7, when: 'history.customer.byType7d["apply_discount"].sum == 15.0', effect: allow}
          - {id: t30, when: 'history.customer.byType30d["refund"].count == 3', effect: allow}
          - {id: a24, when: 'history.actor.actions24h.count == 1 && history.actor.byType24h["refund"].count == 1', effect: allow}
          - {id: o, when: history.order.refunds.count == 1 && history.order.refunds.sum == 30.0, effect: allow}
          - {id: unused-type-is-zero, when: 'history.customer.byType30d["update_address"].count == 0', effect: allow}
        """, 2);

    Decision decision = new RuleEngine(catalog, aggregates).decide(policy, "action-new", refund("A-1", "10.00"), NOW);

    assertThat(decision.rules())
        .containsExactly("base", "r24", "r7", "r30", "t24", "t7", "t30", "a24", "o", "unused-type-is-zero");
  }

  @Test
  void given_a_rule_reading_only_the_order_when_decided_then_only_the_order_is_queried() {
    List<Set<HistoryScope>> asked = new ArrayList<>();
    HistoryAggregates spy = new HistoryAggregates() {
      @Override
      public RefundHistory refundsSince(String customerId, String excludedActionId, Instant since) {
        throw new AssertionError("not expected");
      }

      @Override
      public HistorySnapshot snapshot(HistoryQuery query, Set<HistoryScope> scopes) {
        asked.add(scopes);
        assertThat(query.orderId()).isEqualTo("A-9");
        assertThat(query.actorId()).isEqualTo("bot");
        return HistorySnapshot.EMPTY;
      }
    };
    CompiledPolicy policy = compiler.compile("""
        rules:
          - {id: base, when: action.type == "refund", effect: allow}
          - {id: order, when: action.type == "refund" && history.order.refunds.count > 2, effect: deny}
          - {id: discounts, when: action.type == "apply_discount" && history.actor.actions24h.count > 100, effect: deny}
        """, 2);

    new RuleEngine(catalog, spy).decide(policy, "action-new", refund("A-9", "10.00"), NOW);

    assertThat(asked).containsExactly(EnumSet.of(HistoryScope.ORDER));
  }

  private static ActionRequest refund(String order, String amount) {
    return new ActionRequest("req", "refund",
        Map.of("orderId", order, "amount", amount, "currency", "USD"),
        new Actor(ActorType.AI, "bot", List.of()), new Customer("C-1", "", ""), "conv", "chat", "chat-backend");
  }

  private static Tally tally(long count, String sum) {
    return new Tally(count, new BigDecimal(sum));
  }
}

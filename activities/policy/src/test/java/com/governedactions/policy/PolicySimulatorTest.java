package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Back-testing on a crafted history whose answer is worked out by hand, against real PostgreSQL in
 * a schema of its own.
 */
class PolicySimulatorTest {
  private static final String TABLE = "rules_simulation_test.action";
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-02T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String BASELINE = """
      rules:
        - {id: refund-small, when: action.type == "refund" && action.amount <= 50.0, effect: require_confirmation}
        - id: refund-medium
          when: action.type == "refund" && action.amount > 50.0 && action.amount <= 500.0
          effect: require_approval
          approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}]}
        - {id: refund-large, when: action.type == "refund" && action.amount > 500.0, effect: deny}
        - {id: discount, when: action.type == "apply_discount", effect: allow}
      """;
  // The draft lowers the refund cap to 300 and escalates a customer's third refund within 7 days.
  private static final String DRAFT = BASELINE + """
        - {id: refund-cap, when: action.type == "refund" && action.amount > 300.0, effect: deny}
        - {id: repeat-refunds, when: action.type == "refund" && history.customer.refunds7d.count >= 2, effect: escalate, team: billing}
      """;

  private static DataSource dataSource;
  private static JdbcClient jdbc;
  private final ActionCatalog catalog = new ActionCatalog();
  private final PolicyCompiler compiler = new PolicyCompiler(catalog);
  private final PolicySimulator simulator = new PolicySimulator(dataSource, catalog, TABLE);

  @BeforeAll
  static void createTable() {
    dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
        System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", "");
    jdbc = JdbcClient.create(dataSource);
    jdbc.sql("CREATE SCHEMA IF NOT EXISTS rules_simulation_test").update();
    jdbc.sql("DROP TABLE IF EXISTS " + TABLE).update();
    jdbc.sql("""
        CREATE TABLE %s (
          action_id text PRIMARY KEY, type text NOT NULL, status text NOT NULL, customer_id text,
          actor_type text, actor_id text, order_id text, amount numeric(19,4), currency char(3),
          created_at timestamptz NOT NULL, request jsonb)
        """.formatted(TABLE)).update();
  }

  @BeforeEach
  void emptyTable() {
    jdbc.sql("TRUNCATE " + TABLE).update();
  }

  private static void refund(String id, String status, String customer, String amount, String currency, Instant at)
      throws Exception {
    Map<String, Object> params = Map.of("orderId", "O-" + id, "amount", amount, "currency", currency,
        // destructive free text is stored as metadata only; the replay must still accept it
        "reason", Map.of("redacted", "free-text", "length", 7, "sha256", "ab"));
    insert(id, "refund", status, customer, "O-" + id, amount, currency, at, request(id, "refund", customer, params));
  }

  private static String request(String id, String type, String customer, Map<String, Object> params) throws Exception {
    return JSON.writeValueAsString(new ActionRequest("req-" + id, type, params,
        new Actor(ActorType.AI, "bot", List.of()), new Customer(customer, "", ""), "conv-" + id, "chat", "chat-backend"));
  }

  private static void insert(String id, String type, String status, String customer, String order, String amount,
      String currency, Instant at, String request) {
    jdbc.sql("INSERT INTO " + TABLE
            + " VALUES (:id, :type, :status, :customer, 'ai', 'bot', :order, :amount, :currency, :at, :request::jsonb)")
        .param("id", id).param("type", type).param("status", status).param("customer", customer)
        .param("order", order).param("amount", amount == null ? null : new BigDecimal(amount))
        .param("currency", currency).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .param("request", request)
        .update();
  }

  private static Instant inRange(int minutes) {
    return FROM.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void given_a_crafted_history_when_a_draft_is_simulated_then_changes_money_and_rules_are_exactly_the_known_ones()
      throws Exception {
    // before the range: history only, never replayed
    refund("c9-old-1", "SUCCEEDED", "C-9", "10.00", "USD", FROM.minus(Duration.ofDays(3)));
    refund("c9-old-2", "AWAITING_APPROVAL", "C-9", "60.00", "USD", FROM.minus(Duration.ofDays(6)));
    refund("c8-old", "SUCCEEDED", "C-8", "10.00", "USD", FROM.minus(Duration.ofDays(2)));
    refund("c8-denied", "DENIED", "C-8", "10.00", "USD", FROM.minus(Duration.ofDays(1)));
    refund("c7-too-old", "SUCCEEDED", "C-7", "10.00", "USD", FROM.minus(Duration.ofDays(8)));
    refund("c7-old", "SUCCEEDED", "C-7", "10.00", "USD", FROM.minus(Duration.ofDays(6)));
    // in the range
    refund("small", "SUCCEEDED", "C-1", "20.00", "USD", inRange(1));
    refund("medium", "SUCCEEDED", "C-2", "100.00", "USD", inRange(2));
    refund("capped-1", "AWAITING_APPROVAL", "C-3", "350.00", "USD", inRange(3));
    refund("capped-2", "REJECTED", "C-4", "400.00", "EUR", inRange(4));
    refund("capped-3", "SUCCEEDED", "C-5", "450.50", "USD", inRange(5));
    refund("large", "DENIED", "C-6", "600.00", "USD", inRange(6));
    refund("third-in-week", "AWAITING_CONFIRMATION", "C-9", "30.00", "USD", inRange(7));
    refund("denied-one-no-count", "AWAITING_CONFIRMATION", "C-8", "30.00", "USD", inRange(8));
    refund("window-edge", "AWAITING_CONFIRMATION", "C-7", "30.00", "USD", inRange(9));
    insert("discount", "apply_discount", "SUCCEEDED", "C-1", "O-1", "5.00", "USD", inRange(10),
        request("discount", "apply_discount", "C-1", Map.of("orderId", "O-1", "amount", "5.00", "currency", "USD")));
    insert("before-requests-were-kept", "refund", "SUCCEEDED", "C-1", "O-2", "400.00", "USD", inRange(11), null);
    // after the range
    refund("after", "SUCCEEDED", "C-1", "400.00", "USD", TO);

    SimulationReport report = simulator.simulate(
        compiler.compile(DRAFT, 0), compiler.compile(BASELINE, 7), FROM, TO, 2);

    assertThat(report.baselineVersion()).isEqualTo(7);
    assertThat(report.replayed()).isEqualTo(10);
    assertThat(report.skipped()).isEqualTo(1);
    assertThat(report.changed()).isEqualTo(4);
    assertThat(report.transitions()).containsExactly(
        new SimulationReport.Transition("require_approval", "deny", 3,
            Map.of("EUR", "400.00", "USD", "800.50"), List.of("capped-1", "capped-2")),
        new SimulationReport.Transition("require_confirmation", "escalate", 1,
            Map.of("USD", "30.00"), List.of("third-in-week")));
    assertThat(report.rules()).extracting(SimulationReport.RuleChanges::rule, SimulationReport.RuleChanges::changed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("refund-cap", 3L),
            org.assertj.core.groups.Tuple.tuple("refund-medium", 3L),
            org.assertj.core.groups.Tuple.tuple("refund-small", 1L),
            org.assertj.core.groups.Tuple.tuple("repeat-refunds", 1L));
    assertThat(report.history()).contains("current status");
  }

  @Test
  void given_the_same_policy_as_draft_and_baseline_when_simulated_then_nothing_changes() throws Exception {
    refund("a", "SUCCEEDED", "C-1", "20.00", "USD", inRange(1));
    refund("b", "SUCCEEDED", "C-2", "700.00", "USD", inRange(2));

    SimulationReport report = simulator.simulate(
        compiler.compile(BASELINE, 0), compiler.compile(BASELINE, 1), FROM, TO, 3);

    assertThat(report.replayed()).isEqualTo(2);
    assertThat(report.changed()).isZero();
    assertThat(report.transitions()).isEmpty();
    assertThat(report.rules()).isEmpty();
  }

  @Test
  void given_a_draft_that_drops_every_discount_rule_when_simulated_then_the_change_is_attributed_to_no_rule()
      throws Exception {
    insert("discount", "apply_discount", "SUCCEEDED", "C-1", "O-1", "5.00", "USD", inRange(10),
        request("discount", "apply_discount", "C-1", Map.of("orderId", "O-1", "amount", "5.00", "currency", "USD")));

    SimulationReport report = simulator.simulate(
        compiler.compile(BASELINE.replace("- {id: discount, when: action.type == \"apply_discount\", effect: allow}", ""), 0),
        compiler.compile(BASELINE, 1), FROM, TO, 3);

    assertThat(report.transitions()).containsExactly(
        new SimulationReport.Transition("allow", "deny", 1, Map.of("USD", "5.00"), List.of("discount")));
    assertThat(report.rules()).extracting(SimulationReport.RuleChanges::rule)
        .containsExactly("(no rule)", "discount");
  }
}

package com.governedactions.policy;

import static com.governedactions.policy.RuleEngineTest.AI;
import static com.governedactions.policy.RuleEngineTest.refund;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.Effect;
import com.governedactions.action.PlannedStep;
import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class RuleActivitiesImplTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String NO_HISTORY_POLICY = """
      rules:
        - {id: refund-confirm, when: action.type == "refund" && action.amount <= 100.0, effect: require_confirmation}
      permissions:
        refund: {request: [ai]}
      """;

  private final ActionCatalog catalog = new ActionCatalog();
  private final PolicyCompiler compiler = new PolicyCompiler(catalog);

  /** A real store nobody listens on: any query fails, so a passing check proves none was made. */
  private static JdbcClient unreachableDatabase() {
    return JdbcClient.create(new SimpleDriverDataSource(
        new org.postgresql.Driver(), "jdbc:postgresql://localhost:1/none?connectTimeout=1", "postgres", ""));
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private RuleActivitiesImpl activities(String policy, HistoryAggregates history) {
    return new RuleActivitiesImpl(
        new ActivePolicy(compiler.compile(policy, 1)),
        new RuleEngine(catalog, history),
        catalog,
        Duration.ofMinutes(15),
        Clock.fixed(NOW, ZoneOffset.UTC),
        registry);
  }

  @Test
  void given_a_decision_when_evaluated_then_its_latency_is_timed_by_type_and_effect() {
    RuleActivitiesImpl activities = activities(NO_HISTORY_POLICY, new JdbcHistoryAggregates(unreachableDatabase()));

    activities.evaluate(new EvaluateCommand("action-req-1", refund("89.5", AI)));
    activities.evaluate(new EvaluateCommand("action-req-2", refund("19.5", AI)));

    Timer timer = registry.get(RuleMeters.DECISION)
        .tag("type", "refund").tag("effect", "require_confirmation").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void given_a_policy_without_history_rules_when_evaluated_then_the_database_is_never_queried() {
    RuleActivitiesImpl activities = activities(NO_HISTORY_POLICY, new JdbcHistoryAggregates(unreachableDatabase()));

    Evaluation evaluation = activities.evaluate(new EvaluateCommand("action-req-1", refund("89.5", AI)));

    assertThat(evaluation.decision().effect()).isEqualTo(Effect.REQUIRE_CONFIRMATION);
    assertThat(evaluation.decision().policyVersion()).isEqualTo(1);
    assertThat(evaluation.decision().rules()).containsExactly("refund-confirm");
    assertThat(evaluation.confirmationText()).isEqualTo("Refund USD 89.50 to order A-1001?");
    assertThat(evaluation.confirmationTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(evaluation.plan()).containsExactly(new PlannedStep("payments.refund", "payments.refund.reverse"));
  }

  @Test
  void given_a_denied_request_when_evaluated_then_there_is_nothing_to_ask_or_execute() {
    RuleActivitiesImpl activities = activities(NO_HISTORY_POLICY, new JdbcHistoryAggregates(unreachableDatabase()));

    Evaluation evaluation = activities.evaluate(new EvaluateCommand("action-req-1", refund("900.00", AI)));

    assertThat(evaluation.decision().effect()).isEqualTo(Effect.DENY);
    assertThat(evaluation.confirmationText()).isNull();
    assertThat(evaluation.plan()).isEmpty();
  }

  @Test
  void given_the_default_policy_and_three_recent_refunds_in_the_store_when_evaluated_then_it_escalates_to_billing()
      throws Exception {
    JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(
        new org.postgresql.Driver(), System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", ""));
    String table = "rules_activities_test.action";
    jdbc.sql("CREATE SCHEMA IF NOT EXISTS rules_activities_test").update();
    jdbc.sql("DROP TABLE IF EXISTS " + table).update();
    jdbc.sql("CREATE TABLE " + table + " (action_id text, type text, status text, customer_id text,"
        + " amount numeric(19,4), currency char(3), created_at timestamptz)").update();
    for (int i = 1; i <= 3; i++) {
      jdbc.sql("INSERT INTO " + table + " VALUES (:id, 'refund', 'SUCCEEDED', 'C-42', :amount, 'USD', :at)")
          .param("id", "earlier-" + i)
          .param("amount", new BigDecimal("15.00"))
          .param("at", OffsetDateTime.ofInstant(NOW.minus(Duration.ofDays(i)), ZoneOffset.UTC))
          .update();
    }
    RuleActivitiesImpl activities =
        activities(RuleEngineTest.defaultPolicy(), new JdbcHistoryAggregates(jdbc, table));

    Evaluation evaluation = activities.evaluate(new EvaluateCommand("action-req-1", refund("20.00", AI)));

    assertThat(evaluation.decision().effect()).isEqualTo(Effect.ESCALATE);
    assertThat(evaluation.decision().team()).isEqualTo("billing");
    assertThat(evaluation.decision().rules()).containsExactly("refund-small", "repeat-refunds");
  }
}

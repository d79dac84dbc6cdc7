package com.governedactions.policy;

import static com.governedactions.policy.RuleEngineTest.AI;
import static com.governedactions.policy.RuleEngineTest.refund;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import com.governedactions.action.policy.RuleActivities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** The beans as Spring builds them, and the properties they read. */
class RulesWiringTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(
              RulesConfiguration.class, ActionCatalog.class, PolicyCompiler.class, PolicyVersionStore.class,
              ActivePolicy.class, RuleEngine.class, JdbcHistoryAggregates.class, RuleActivitiesImpl.class)
          .withBean(JdbcClient.class, () -> PolicyTestDatabase.JDBC)
          .withBean(PlatformTransactionManager.class,
              () -> new DataSourceTransactionManager(PolicyTestDatabase.DATA_SOURCE));

  // The file seeds an empty store only; each test starts from one.
  @BeforeEach
  @AfterEach
  void emptyStore() {
    PolicyTestDatabase.forgetAllVersions();
  }

  @Test
  void given_no_policy_file_when_started_then_the_bundled_default_is_version_1_and_confirmation_waits_15_minutes() {
    context.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(ActivePolicy.class).current().ruleIds()).contains("refund-medium-approval");
      assertThat(ctx.getBean(ActivePolicy.class).current().version()).isEqualTo(1);
      assertThat(ctx.getBean(RulesProperties.class).confirmation().timeout()).isEqualTo(Duration.ofMinutes(15));
    });
  }

  @Test
  void given_a_policy_file_and_a_timeout_when_started_then_the_ruleActivities_bean_uses_both(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), """
        rules: [{id: from-file, when: action.type == "refund", effect: require_confirmation}]
        """);
    context
        .withPropertyValues("governed.policy.file=" + file, "governed.confirmation.timeout=PT5M")
        .run(ctx -> {
          RuleActivities activities = ctx.getBean("ruleActivities", RuleActivities.class);
          Evaluation evaluation = activities.evaluate(new EvaluateCommand("action-1", refund("20.00", AI)));
          assertThat(evaluation.decision().rules()).containsExactly("from-file");
          assertThat(evaluation.confirmationTimeout()).isEqualTo(Duration.ofMinutes(5));
        });
  }

  @Test
  void given_an_invalid_policy_file_when_started_then_startup_fails_listing_the_problems(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), """
        rules: [{id: typo, when: action.amout > 1.0, effect: allow}]
        """);
    context
        .withPropertyValues("governed.policy.file=" + file)
        .run(ctx -> assertThat(ctx).getFailure()
            .rootCause()
            .hasMessageContaining("rule 'typo': when 1:7: undefined field 'amout'"));
  }
}

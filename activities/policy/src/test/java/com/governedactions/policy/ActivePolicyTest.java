package com.governedactions.policy;

import static com.governedactions.policy.RuleEngineTest.AI;
import static com.governedactions.policy.RuleEngineTest.refund;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.Effect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version every rule check uses is the one PostgreSQL marks active, whoever activated it. */
class ActivePolicyTest {
  private static final String ALLOW = "rules: [{id: allow-refunds, when: action.type == \"refund\", effect: allow}]\n";
  private static final String DENY = "rules: [{id: freeze, when: action.type == \"refund\", effect: deny, reason: frozen}]\n";

  private final ActionCatalog catalog = new ActionCatalog();
  private final PolicyCompiler compiler = new PolicyCompiler(catalog);
  private final PolicyVersionStore store = PolicyTestDatabase.store();

  @BeforeEach
  @AfterEach
  void emptyStore() {
    PolicyTestDatabase.forgetAllVersions();
  }

  private ActivePolicy start(Path file) {
    return new ActivePolicy(
        compiler, new RulesProperties(new RulesProperties.Policy(file), new RulesProperties.Confirmation(Duration.ofMinutes(15))), store);
  }

  @Test
  void given_an_empty_store_when_started_then_the_file_policy_is_version_1_by_system(@TempDir Path dir) throws Exception {
    ActivePolicy active = start(Files.writeString(dir.resolve("p.yaml"), ALLOW));

    assertThat(active.current().version()).isEqualTo(1);
    assertThat(active.current().ruleIds()).containsExactly("allow-refunds");
    assertThat(store.find(1)).hasValueSatisfying(v -> {
      assertThat(v.author()).isEqualTo(ActivePolicy.SEED_AUTHOR);
      assertThat(v.document()).isEqualTo(ALLOW);
      assertThat(v.format()).isEqualTo("yaml");
    });
  }

  @Test
  void given_a_stored_active_version_when_started_with_another_file_then_the_stored_version_wins(@TempDir Path dir)
      throws Exception {
    store.seedIfNoneActive(DENY, "yaml", "system");
    store.add(DENY, "yaml", "paul", false);

    ActivePolicy active = start(Files.writeString(dir.resolve("p.yaml"), ALLOW));

    assertThat(active.current().version()).isEqualTo(2);
    assertThat(active.current().ruleIds()).containsExactly("freeze");
  }

  @Test
  void given_another_process_activates_a_version_when_the_next_request_is_decided_then_it_uses_that_version(
      @TempDir Path dir) throws Exception {
    ActivePolicy active = start(Files.writeString(dir.resolve("p.yaml"), ALLOW));
    RuleActivitiesImpl rules =
        new RuleActivitiesImpl(active, new RuleEngine(catalog, RuleEngineTest.NO_HISTORY_EXPECTED), catalog,
            Duration.ofMinutes(15), Clock.systemUTC());
    assertThat(rules.evaluate(new com.governedactions.action.policy.EvaluateCommand("a-1", refund("20.00", AI))).decision().effect())
        .isEqualTo(Effect.ALLOW);

    // As an API process would: straight into the store, not through this ActivePolicy.
    store.add(DENY, "yaml", "paul", false);

    var decision = rules.evaluate(new com.governedactions.action.policy.EvaluateCommand("a-2", refund("20.00", AI))).decision();
    assertThat(decision.effect()).isEqualTo(Effect.DENY);
    assertThat(decision.policyVersion()).isEqualTo(2);
    assertThat(decision.rules()).containsExactly("freeze");
  }

  @Test
  void given_a_version_compiled_once_when_asked_again_then_the_same_compiled_policy_is_shared(@TempDir Path dir)
      throws Exception {
    ActivePolicy active = start(Files.writeString(dir.resolve("p.yaml"), ALLOW));

    assertThat(active.current()).isSameAs(active.current()).isSameAs(active.version(1));
  }

  @Test
  void given_the_table_emptied_while_running_when_a_rule_check_runs_then_the_file_policy_is_seeded_again(
      @TempDir Path dir) throws Exception {
    ActivePolicy active = start(Files.writeString(dir.resolve("p.yaml"), ALLOW));
    PolicyTestDatabase.forgetAllVersions();

    assertThat(active.current().ruleIds()).containsExactly("allow-refunds");
    assertThat(store.activeVersion()).hasValue(1);
  }

  @Test
  void given_many_versions_activated_when_each_is_used_then_only_the_recent_compiled_ones_are_kept(@TempDir Path dir)
      throws Exception {
    ActivePolicy active = start(Files.writeString(dir.resolve("p.yaml"), ALLOW));
    CompiledPolicy first = active.current();
    for (int i = 0; i < ActivePolicy.KEPT_VERSIONS + 3; i++) {
      store.add(i % 2 == 0 ? DENY : ALLOW, "yaml", "paul", false);
      active.current();
    }

    CompiledPolicy recompiled = active.version(1);

    assertThat(recompiled).isNotSameAs(first);
    assertThat(recompiled.ruleIds()).isEqualTo(first.ruleIds());
    assertThat(active.current().version()).isEqualTo(ActivePolicy.KEPT_VERSIONS + 4);
  }
}

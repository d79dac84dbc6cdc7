package com.governedactions.policy;

import static com.governedactions.policy.RuleEngineTest.AI;
import static com.governedactions.policy.RuleEngineTest.NO_HISTORY_EXPECTED;
import static com.governedactions.policy.RuleEngineTest.refund;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Effect;
import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import com.governedactions.action.policy.RuleActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The package-private implementation runs through Temporal's activity machinery and payload conversion. */
class RuleActivitiesTemporalTest {
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void given_the_implementation_registered_when_called_through_a_stub_then_the_evaluation_round_trips() {
    ActionCatalog catalog = new ActionCatalog();
    CompiledPolicy policy = new PolicyCompiler(catalog).compile("""
        rules:
          - {id: confirm, when: action.type == "refund", effect: require_confirmation}
          - id: approve
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}]}
        """, 4);
    env.registerActivitiesImplementations(new RuleActivitiesImpl(
        new ActivePolicy(policy), new RuleEngine(catalog, NO_HISTORY_EXPECTED), catalog,
        Duration.ofMinutes(15), Clock.systemUTC()));
    RuleActivities stub = env.newActivityStub(
        RuleActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    Evaluation evaluation = stub.evaluate(new EvaluateCommand("action-req-1", refund("89.50", AI)));

    assertThat(evaluation.decision().effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(evaluation.decision().confirmationRequired()).isTrue();
    assertThat(evaluation.decision().policyVersion()).isEqualTo(4);
    assertThat(evaluation.decision().approval().tiers())
        .containsExactly(new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4)));
    assertThat(evaluation.confirmationTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(evaluation.confirmationText()).isEqualTo("Refund USD 89.50 to order A-1001?");
  }
}

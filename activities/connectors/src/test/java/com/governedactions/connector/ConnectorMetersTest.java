package com.governedactions.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConnectorMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Opens after 2 unavailable calls out of 2; stays open a minute. */
  private final ConnectorBreaker breaker =
      new ConnectorBreaker("payments", 50, 2, 2, Duration.ofMinutes(1), 1, Clock.systemUTC());
  private final ScriptedConnector connector = new ScriptedConnector(breaker);
  private final ConnectorActivitiesImpl activities = new ConnectorActivitiesImpl(List.of(connector), registry);

  @Test
  void given_callsWithEachOutcome_when_executed_then_eachIsTimedUnderItsOutcome() {
    connector.next(() -> new StepOutcome(201, "refunded", Map.of()));
    connector.next(() -> { throw ConnectorException.refused(422, "over the limit"); });
    connector.next(() -> { throw ConnectorException.unavailable(503, "down", null); });

    activities.execute(command());
    assertThatThrownBy(() -> activities.execute(command())).isInstanceOf(ApplicationFailure.class);
    assertThatThrownBy(() -> activities.compensate(command())).isInstanceOf(ApplicationFailure.class);

    assertThat(calls("execute", "success").count()).isEqualTo(1);
    assertThat(calls("execute", "refused").count()).isEqualTo(1);
    assertThat(calls("compensate", "unavailable").count()).isEqualTo(1);
    assertThat(calls("execute", "success").getId().getTag("connector")).isEqualTo("ScriptedConnector");
  }

  @Test
  void given_aSystemFailing_when_itsBreakerOpens_then_theStateGaugeSaysOpen() {
    assertThat(state("closed")).isEqualTo(1.0);
    assertThat(state("open")).isEqualTo(0.0);
    for (int i = 0; i < 2; i++) {
      connector.next(() -> { throw ConnectorException.unavailable(503, "down", null); });
      assertThatThrownBy(() -> activities.execute(command())).isInstanceOf(ApplicationFailure.class);
    }

    assertThat(state("open")).isEqualTo(1.0);
    assertThat(state("closed")).isEqualTo(0.0);
  }

  private Timer calls(String kind, String outcome) {
    return registry.get(ConnectorMeters.CALLS)
        .tag("operation", "payments.refund").tag("kind", kind).tag("outcome", outcome).timer();
  }

  private double state(String state) {
    return registry.get(ConnectorMeters.BREAKER_STATE).tag("system", "payments").tag("state", state).gauge().value();
  }

  private static StepCommand command() {
    return new StepCommand("action-m1", 0, "payments.refund", Map.of(), "action-m1:0:payments.refund", null);
  }

  /** Answers each call with the next scripted answer, through its breaker. */
  private static final class ScriptedConnector implements Connector {
    private final ConnectorBreaker breaker;
    private final Deque<Supplier<StepOutcome>> answers = new ArrayDeque<>();

    ScriptedConnector(ConnectorBreaker breaker) {
      this.breaker = breaker;
    }

    void next(Supplier<StepOutcome> answer) {
      answers.add(answer);
    }

    @Override
    public boolean supports(String operation) {
      return operation.equals("payments.refund");
    }

    @Override
    public StepOutcome execute(StepCommand command) {
      return breaker.call(answers.poll());
    }

    @Override
    public StepOutcome compensate(StepCommand command) {
      return breaker.call(answers.poll());
    }

    @Override
    public List<ConnectorBreaker> breakers() {
      return List.of(breaker);
    }
  }
}

package com.governedactions.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.governedactions.action.ActionIds;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.http.HttpConnector;
import com.governedactions.connector.http.HttpConnectorProperties.Auth;
import com.governedactions.connector.http.HttpConnectorProperties.Breaker;
import com.governedactions.connector.http.HttpConnectorProperties.Call;
import com.governedactions.connector.http.HttpConnectorProperties.OperationSettings;
import com.governedactions.connector.http.HttpConnectorProperties.SystemSettings;
import com.governedactions.connector.http.HttpConnectorProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * The HTTP connector under Temporal's real retries with the production activity options
 * (ActionActivityOptions.CONNECTOR), in real time: what the workflow sees when a system drops an
 * answer, asks to wait, is slow, or is down.
 */
// A lost heartbeat retries forever (for a day): a test that goes wrong hangs, so it times out.
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpConnectorRetriesTemporalTest {
  @RegisterExtension
  static WireMockExtension crm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PATH = "/tickets/T-1";
  private static final String OPERATION = "crm.close_ticket";

  private TestWorkflowEnvironment env;
  private HttpConnector connector;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void given_answer_lost_after_the_system_took_the_call_when_retried_then_same_key_and_done_once() {
    start(new Breaker(50, 100, 100, Duration.ofSeconds(30), 1), Duration.ofSeconds(5));
    crm.stubFor(put(PATH).inScenario("lost").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("done"));
    crm.stubFor(put(PATH).inScenario("lost").whenScenarioStateIs("done")
        .willReturn(ok().withHeader("Idempotent-Replayed", "true")));

    StepOutcome outcome = run("lost");

    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(keys()).hasSize(2).containsOnly(key("lost"));
  }

  @Test
  void given_429_with_retry_after_when_retried_then_the_next_attempt_waits_that_long() {
    start(new Breaker(50, 100, 100, Duration.ofSeconds(30), 1), Duration.ofSeconds(5));
    crm.stubFor(put(PATH).inScenario("busy").whenScenarioStateIs(STARTED)
        .willReturn(json(429).withHeader("Retry-After", "3")).willSetStateTo("free"));
    crm.stubFor(put(PATH).inScenario("busy").whenScenarioStateIs("free").willReturn(ok()));

    run("busy");

    List<ServeEvent> calls = calls();
    assertThat(calls).hasSize(2);
    // Without Retry-After the first retry comes after the 1 s initial interval.
    assertThat(gap(calls.get(0), calls.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
  }

  @Test
  void given_a_call_longer_than_the_heartbeat_timeout_when_executed_then_heartbeats_keep_it_alive() {
    start(new Breaker(50, 100, 100, Duration.ofSeconds(30), 1), Duration.ofSeconds(20));
    crm.stubFor(put(PATH).willReturn(ok().withFixedDelay((int) Duration.ofSeconds(13).toMillis())));

    StepOutcome outcome = run("slow");

    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(calls()).as("one attempt: no heartbeat timeout, no retry").hasSize(1);
  }

  @Test
  void given_system_down_when_breaker_opens_then_the_action_waits_and_completes_once_after_recovery() {
    // Open after 2 of 2 calls failed, for 4 s, then 1 trial call.
    start(new Breaker(100, 2, 2, Duration.ofSeconds(4), 1), Duration.ofSeconds(5));
    crm.stubFor(put(PATH).inScenario("outage").whenScenarioStateIs(STARTED)
        .willReturn(json(503)).willSetStateTo("still down"));
    crm.stubFor(put(PATH).inScenario("outage").whenScenarioStateIs("still down")
        .willReturn(json(503)).willSetStateTo("recovered"));
    crm.stubFor(put(PATH).inScenario("outage").whenScenarioStateIs("recovered").willReturn(ok()));

    StepOutcome outcome = run("outage");

    assertThat(outcome.statusCode()).isEqualTo(200);
    List<ServeEvent> calls = calls();
    assertThat(calls).as("two failures, then attempts held back by the open breaker, then one trial").hasSize(3);
    assertThat(keys()).containsOnly(key("outage"));
    assertThat(gap(calls.get(1), calls.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(3_500));
    assertThat(connector.breakerOf(OPERATION).orElseThrow().state()).isEqualTo(State.CLOSED);
  }

  private void start(Breaker breaker, Duration timeout) {
    Call close = new Call("PUT", PATH, Map.of(), "{\"status\": \"closed\"}", Map.of(), null, List.of(), timeout, false);
    SystemSettings system = new SystemSettings(crm.baseUrl(), new Auth("none", null, null, null), Map.of(),
        "Idempotency-Key", timeout, Duration.ofSeconds(2), List.of("408", "429", "500-599"), Duration.ofMinutes(10),
        breaker, Map.of("close_ticket", new OperationSettings(close, null)));
    connector = new HttpConnector(new HttpConnectorProperties(Map.of("crm", system), Map.of()), new MockEnvironment(),
        Optional.empty(), Clock.systemUTC());
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    // The service's worker forwards every heartbeat (worker/HeartbeatThrottle); the SDK's default
    // forwards one per 8 s of the 10 s timeout, 2 s of slack that a busy machine can miss.
    Worker worker = env.newWorker(ActionIds.TASK_QUEUE,
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(ConnectorActivitiesImpl.HEARTBEAT_EVERY).build());
    worker.registerWorkflowImplementationTypes(ConnectorStepWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new ConnectorActivitiesImpl(List.of(connector)));
    env.start();
  }

  private StepOutcome run(String name) {
    ConnectorStepWorkflow workflow = env.getWorkflowClient().newWorkflowStub(ConnectorStepWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(ActionIds.TASK_QUEUE).setWorkflowId(name + "-" + UUID.randomUUID()).build());
    return workflow.run(new StepCommand("action-" + name, 0, OPERATION, Map.of(), key(name), null));
  }

  private static String key(String name) {
    return ActionIds.idempotencyKey("action-" + name, 0, OPERATION);
  }

  private static List<ServeEvent> calls() {
    return crm.getAllServeEvents().stream()
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .toList();
  }

  private static List<String> keys() {
    return calls().stream().map(e -> e.getRequest().getHeader("Idempotency-Key")).toList();
  }

  private static Duration gap(ServeEvent first, ServeEvent second) {
    return Duration.ofMillis(second.getRequest().getLoggedDate().getTime() - first.getRequest().getLoggedDate().getTime());
  }

  private static ResponseDefinitionBuilder ok() {
    return json(200);
  }

  private static ResponseDefinitionBuilder json(int status) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("{}");
  }
}

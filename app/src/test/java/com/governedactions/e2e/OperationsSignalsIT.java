package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.GovernedActionsApplication;
import com.governedactions.operations.GrafanaDashboard;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an operator watches (docs/operations.md), on the assembled service in dev mode: health
 * groups for probes, and /actuator/prometheus with the product's meters and the Temporal SDK's
 * after one governed refund, holding every series the Grafana dashboard queries.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
// A @SpringBootTest turns metrics export off unless asked: the Prometheus endpoint is the subject here.
@AutoConfigureObservability(tracing = false)
class OperationsSignalsIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Series that only exist once their event happened, which one refund does not cause. */
  private static final Set<String> ONLY_AFTER_THEIR_EVENT = Set.of("governed_approval_sla_breaches_total");
  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_theServiceUp_when_probed_then_livenessAndReadinessAreUpAndReadinessChecksPostgresAndTemporal()
      throws Exception {
    assertThat(health("/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
    com.fasterxml.jackson.databind.JsonNode readiness = health("/actuator/health/readiness");
    assertThat(readiness.path("status").asText()).isEqualTo("UP");
    assertThat(readiness.at("/components/db/status").asText()).isEqualTo("UP");
    assertThat(readiness.at("/components/temporal/status").asText()).isEqualTo("UP");
    assertThat(readiness.at("/components/temporal/details").isMissingNode()).as("statuses only").isTrue();
  }

  @Test
  void given_oneApprovedRefund_when_prometheusScrapes_then_theProductMetersAndTheTemporalSdkMetersAreThere()
      throws Exception {
    String orderId = LiveService.newOrder("OPS-", "C-42", "PAID", "120.00");
    String customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created = service.post("/actions", "dev-chat",
        LiveService.aiRefundBody("ops-" + UUID.randomUUID(), orderId, "89.50", customer, "conv-ops"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "AWAITING_APPROVAL");
    assertThat(service.post("/actions/" + actionId + "/approve", "dev-bob", "{}").statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");

    // The SDK's scope reports every 10 s: wait for its first report.
    String scrape = awaitScrape(text -> text.contains("temporal_workflow_completed_total")
        && text.contains("governed_actions_total{"));

    assertThat(scrape).containsPattern(
        "governed_actions_total\\{[^}]*effect=\"require_approval\"[^}]*status=\"SUCCEEDED\"[^}]*type=\"refund\"[^}]*} [1-9]");
    assertThat(scrape).containsPattern(
        "governed_approval_wait_seconds_count\\{[^}]*outcome=\"approved\"[^}]*type=\"refund\"[^}]*} [1-9]");
    assertThat(scrape).containsPattern(
        "governed_connector_calls_seconds_count\\{[^}]*kind=\"execute\"[^}]*operation=\"payments.refund\"[^}]*outcome=\"success\"");
    assertThat(scrape).containsPattern("governed_policy_decision_seconds_count\\{[^}]*effect=\"require_approval\"");
    assertThat(scrape).contains("governed_audit_lag_seconds_bucket", "governed_audit_batch_events_count",
        "governed_audit_group_batches_count", "governed_connector_breaker_state{");
    assertThat(scrape).as("the SDK's worker and client metrics")
        .contains("temporal_workflow_completed_total{", "temporal_request_total{", "temporal_worker_task_slots_available{");
    assertThat(scrape).as("no id is ever a tag").doesNotContain(actionId);
    assertThat(scrape).as("each series says which process it comes from")
        .containsPattern("governed_actions_total\\{application=\"governed-actions\"")
        .containsPattern("temporal_workflow_completed_total\\{[^}]*application=\"governed-actions\"");

    Set<String> exported = series(scrape);
    Set<String> queried = GrafanaDashboard.load().seriesQueried().stream()
        .filter(name -> !ONLY_AFTER_THEIR_EVENT.contains(name)).collect(Collectors.toSet());
    assertThat(exported).as("every series the Grafana dashboard queries").containsAll(queried);
  }

  private com.fasterxml.jackson.databind.JsonNode health(String path) throws Exception {
    HttpResponse<String> response = service.send(HttpRequest.newBuilder(url(path)).GET());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private String awaitScrape(java.util.function.Predicate<String> ready) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      HttpResponse<String> response = service.send(HttpRequest.newBuilder(url("/actuator/prometheus")).GET());
      assertThat(response.statusCode()).isEqualTo(200);
      if (ready.test(response.body()) || Instant.now().isAfter(deadline)) {
        return response.body();
      }
      Thread.sleep(500);
    }
  }

  private static Set<String> series(String scrape) {
    Matcher matcher = SERIES.matcher(scrape);
    Set<String> names = new java.util.TreeSet<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static URI url(String path) {
    return URI.create("http://localhost:" + HTTP_PORT + path);
  }
}

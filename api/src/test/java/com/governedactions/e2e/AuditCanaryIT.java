package com.governedactions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.GovernedActionsApplication;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Canaries (issue 4): a secret, a card number and a personal note planted in a request must not
 * appear in plaintext anywhere the service keeps or shows data — the audit table, the CSV export,
 * the logs, or the Temporal history as the Temporal service stores it.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class AuditCanaryIT {
  private static final int HTTP_PORT = freePort();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private final String secret = "canary-secret-" + UUID.randomUUID();
  private final String note = "canary-note-" + UUID.randomUUID();
  private final String conversation = "canary-conv-" + UUID.randomUUID();
  private static final String CARD = "4111 1111 1111 1111";

  @Autowired JdbcTemplate jdbc;
  /** The sample store is another system, outside governed_app's rights: the test reaches it as its owner. */
  private final JdbcTemplate store = new JdbcTemplate(new org.springframework.jdbc.datasource.SimpleDriverDataSource(
      new org.postgresql.Driver(),
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", ""));
  @Autowired WorkflowClient temporal;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> HTTP_PORT);
    registry.add("governed.temporal.embedded-port", AuditCanaryIT::freePort);
    registry.add("spring.datasource.url",
        () -> System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"));
    registry.add("governed.connectors.sample-store.base-url", () -> "http://localhost:" + HTTP_PORT + "/sample-store");
  }

  @Test
  void given_secretCardAndNoteInARequest_when_theActionRunsToTheEnd_then_noneIsStoredOrShownInPlaintext(
      CapturedOutput output) throws Exception {
    String orderId = newOrder();
    String reason = "my card " + CARD + " cvv 737 was charged twice, password=" + secret + " " + note;
    String requestId = "canary-" + UUID.randomUUID();
    HttpResponse<String> created = post("/actions", "dev-chat", """
        {"requestId":"%s","type":"refund",
         "params":{"orderId":"%s","amount":"89.50","currency":"USD","reason":"%s"},
         "actor":{"type":"ai","id":"support-bot"},
         "customer":{"id":"C-canary","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(requestId, orderId, reason, conversation));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    assertThat(post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    awaitStatus(actionId, "AWAITING_APPROVAL");
    String comment = note + " checked card " + CARD.replace(" ", "") + " apiKey=" + secret;
    assertThat(post("/actions/" + actionId + "/approve", "dev-bob", "{\"comment\":\"" + comment + "\"}").statusCode())
        .isEqualTo(200);
    awaitStatus(actionId, "SUCCEEDED");

    String auditRows = String.join("\n", jdbc.queryForList(
        "SELECT row_to_json(e)::text FROM governed.audit_event e WHERE action_id = ? ORDER BY seq", String.class, actionId));
    String actionRow = jdbc.queryForObject(
        "SELECT row_to_json(a)::text FROM governed.action a WHERE action_id = ?", String.class, actionId);
    String csv = send(HttpRequest.newBuilder(api("/audit/export.csv?conversationId=" + conversation))
        .header("Authorization", "Bearer dev-olivia").GET()).body();
    String search = send(HttpRequest.newBuilder(api("/audit?conversationId=" + conversation))
        .header("Authorization", "Bearer dev-olivia").GET()).body();
    String history = rawHistory(actionId);

    // the places really hold this action, so finding nothing in them means something
    assertThat(auditRows).contains("APPROVED").contains("\"sha256\"");
    assertThat(csv.lines().count()).isGreaterThan(5);
    assertThat(csv).contains(actionId);
    assertThat(search).contains(actionId);
    assertThat(history).contains("binary/encrypted");
    assertThat(output.getAll()).isNotEmpty();
    for (String place : List.of(auditRows, actionRow, csv, search, history, output.getAll())) {
      assertThat(place).doesNotContain(secret).doesNotContain(note).doesNotContain(CARD)
          .doesNotContain(CARD.replace(" ", "")).doesNotContain("cvv 737");
    }
  }

  /** The history exactly as the Temporal service stores and serves it, undecoded. */
  private String rawHistory(String actionId) {
    History history = temporal.getWorkflowServiceStubs().blockingStub()
        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(temporal.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(actionId))
            .build())
        .getHistory();
    assertThat(history.getEventsCount()).isGreaterThan(10);
    return new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  private String newOrder() {
    String orderId = "CANARY-" + UUID.randomUUID().toString().substring(0, 13);
    store.update("""
        INSERT INTO sample_store.orders (order_id, customer_id, status, currency, paid_amount,
                                         address_line1, address_city, address_postal_code, address_country)
        VALUES (?, 'C-canary', 'PAID', 'USD', ?, '1 Test Street', 'Springfield', '12345', 'US')""",
        orderId, new BigDecimal("120.00"));
    return orderId;
  }

  private void awaitStatus(String actionId, String status) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    String current;
    do {
      HttpResponse<String> response = send(HttpRequest.newBuilder(api("/actions/" + actionId))
          .header("Authorization", "Bearer dev-olivia").GET());
      JsonNode state = JSON.readTree(response.body());
      current = state.path("status").asText();
      if (current.equals(status)) {
        return;
      }
      Thread.sleep(100);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(actionId + " still " + current + ", waiting for " + status);
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI api(String path) {
    return URI.create("http://localhost:" + HTTP_PORT + "/api/v1" + path);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

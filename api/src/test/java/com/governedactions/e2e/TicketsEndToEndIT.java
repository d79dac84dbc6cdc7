package com.governedactions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.GovernedActionsApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * escalate and log_ticket out of the box: the shipped configuration (governed-defaults.yml) sends
 * them through the declarative HTTP connector to the sample store's helpdesk, and the ticket holds
 * the whole case. Nothing is mocked.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class TicketsEndToEndIT {
  private static final int HTTP_PORT = freePort();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired JdbcTemplate jdbc;
  /** The sample store is another system, outside governed_app's rights: the test reaches it as its owner. */
  private final JdbcTemplate store = new JdbcTemplate(new org.springframework.jdbc.datasource.SimpleDriverDataSource(
      new org.postgresql.Driver(),
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", ""));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> HTTP_PORT);
    registry.add("governed.temporal.embedded-port", TicketsEndToEndIT::freePort);
    registry.add("spring.datasource.url", () -> System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"));
    registry.add("governed.connectors.sample-store.base-url", () -> "http://localhost:" + HTTP_PORT + "/sample-store");
  }

  @Test
  void given_a_failed_refund_in_the_conversation_when_escalated_then_the_case_carries_request_decision_and_attempts()
      throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
    String refund = actionId(post("dev-alice", """
        {"requestId":"tk-r-%s","type":"refund",
         "params":{"orderId":"NO-SUCH-ORDER","amount":"20.00","currency":"USD"},
         "actor":{"type":"human"},"customer":{"id":"%s","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(UUID.randomUUID(), customer, conversation)));
    awaitStatus(refund, "FAILED");

    String escalation = actionId(post("dev-chat", """
        {"requestId":"tk-e-%s","type":"escalate",
         "params":{"team":"billing","reason":"the refund failed","customerRequest":"I want my money back"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"%s","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(UUID.randomUUID(), customer, conversation)));
    JsonNode done = awaitStatus(escalation, "SUCCEEDED");

    String summary = done.at("/result/steps/0/summary").asText();
    assertThat(summary).matches("HTTP 201 case tk_\\S+ for team billing");
    String ticketId = summary.split(" ")[3];
    JsonNode ticket = JSON.readTree(send(HttpRequest.newBuilder(URI.create(
        "http://localhost:" + HTTP_PORT + "/sample-store/tickets/" + ticketId)).GET()).body());
    assertThat(ticket.get("kind").asText()).isEqualTo("escalation");
    assertThat(ticket.get("team").asText()).isEqualTo("billing");
    assertThat(ticket.get("conversationId").asText()).isEqualTo(conversation);
    assertThat(ticket.get("details").asText()).isEqualTo("I want my money back");
    JsonNode context = ticket.get("caseContext");
    assertThat(context.at("/request/type").asText()).isEqualTo("escalate");
    assertThat(context.at("/decision/rules/0").asText()).isEqualTo("escalate-allow");
    assertThat(context.at("/earlierActions/0/actionId").asText()).isEqualTo(refund);
    assertThat(context.at("/earlierActions/0/status").asText()).isEqualTo("FAILED");
    assertThat(context.at("/earlierActions/0/params/orderId").asText()).isEqualTo("NO-SUCH-ORDER");
    assertThat(context.at("/earlierActions/0/events").findValuesAsText("event")).contains("STEP_FAILED", "FAILED");
    assertThat(store.queryForObject("SELECT count(*) FROM sample_store.tickets WHERE conversation_id = ?",
        Integer.class, conversation)).isEqualTo(1);
  }

  @Test
  void given_a_log_ticket_request_when_submitted_then_it_runs_at_once_and_the_ticket_exists() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String actionId = actionId(post("dev-chat", """
        {"requestId":"tk-l-%s","type":"log_ticket",
         "params":{"subject":"call the customer back about delivery"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"C-1","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(UUID.randomUUID(), conversation)));

    awaitStatus(actionId, "SUCCEEDED");

    assertThat(store.queryForObject(
        "SELECT subject FROM sample_store.tickets WHERE conversation_id = ? AND status = 'OPEN'", String.class, conversation))
        .isEqualTo("call the customer back about delivery");
  }

  private static String actionId(HttpResponse<String> created) throws IOException {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("actionId").asText();
  }

  private JsonNode awaitStatus(String actionId, String status) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    JsonNode state = get(actionId);
    while (!state.get("status").asText().equals(status)) {
      assertThat(Instant.now()).as("%s still %s, waiting for %s: %s", actionId, state.get("status"), status, state)
          .isBefore(deadline);
      Thread.sleep(100);
      state = get(actionId);
    }
    return state;
  }

  private JsonNode get(String actionId) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
        "http://localhost:" + HTTP_PORT + "/api/v1/actions/" + actionId)).header("Authorization", "Bearer dev-olivia").GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/actions"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}

package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_a_failed_refund_in_the_conversation_when_escalated_then_the_case_carries_request_decision_and_attempts()
      throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
    String refund = actionId(service.post("/actions", "dev-alice", """
        {"requestId":"tk-r-%s","type":"refund",
         "params":{"orderId":"NO-SUCH-ORDER","amount":"20.00","currency":"USD"},
         "actor":{"type":"human"},"customer":{"id":"%s","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(UUID.randomUUID(), customer, conversation)));
    service.awaitStatus(refund, "FAILED");

    String escalation = actionId(service.post("/actions", "dev-chat", """
        {"requestId":"tk-e-%s","type":"escalate",
         "params":{"team":"billing","reason":"the refund failed","customerRequest":"I want my money back"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"%s","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(UUID.randomUUID(), customer, conversation)));
    JsonNode done = service.awaitStatus(escalation, "SUCCEEDED");

    String summary = done.at("/result/steps/0/summary").asText();
    assertThat(summary).matches("HTTP 201 case tk_\\S+ for team billing");
    String ticketId = summary.split(" ")[3];
    JsonNode ticket = JSON.readTree(service.send(
        HttpRequest.newBuilder(URI.create(service.storeUrl("/tickets/" + ticketId))).GET()).body());
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
    assertThat(LiveService.STORE.queryForObject("SELECT count(*) FROM sample_store.tickets WHERE conversation_id = ?",
        Integer.class, conversation)).isEqualTo(1);
  }

  @Test
  void given_a_log_ticket_request_when_submitted_then_it_runs_at_once_and_the_ticket_exists() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String actionId = actionId(service.post("/actions", "dev-chat", """
        {"requestId":"tk-l-%s","type":"log_ticket",
         "params":{"subject":"call the customer back about delivery"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"C-1","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(UUID.randomUUID(), conversation)));

    service.awaitStatus(actionId, "SUCCEEDED");

    assertThat(LiveService.STORE.queryForObject(
        "SELECT subject FROM sample_store.tickets WHERE conversation_id = ? AND status = 'OPEN'", String.class, conversation))
        .isEqualTo("call the customer back about delivery");
  }

  private static String actionId(HttpResponse<String> created) throws IOException {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("actionId").asText();
  }
}

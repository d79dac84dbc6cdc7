package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);
  private final String secret = "canary-secret-" + UUID.randomUUID();
  private final String note = "canary-note-" + UUID.randomUUID();
  private final String conversation = "canary-conv-" + UUID.randomUUID();
  private static final String CARD = "4111 1111 1111 1111";

  @Autowired JdbcTemplate jdbc;
  @Autowired WorkflowClient temporal;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_secretCardAndNoteInARequest_when_theActionRunsToTheEnd_then_noneIsStoredOrShownInPlaintext(
      CapturedOutput output) throws Exception {
    String orderId = newOrder();
    String reason = "my card " + CARD + " cvv 737 was charged twice, password=" + secret + " " + note;
    String requestId = "canary-" + UUID.randomUUID();
    HttpResponse<String> created = service.post("/actions", "dev-chat", """
        {"requestId":"%s","type":"refund",
         "params":{"orderId":"%s","amount":"89.50","currency":"USD","reason":"%s"},
         "actor":{"type":"ai","id":"support-bot"},
         "customer":{"id":"C-canary","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}""".formatted(requestId, orderId, reason, conversation));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "AWAITING_APPROVAL");
    String comment = note + " checked card " + CARD.replace(" ", "") + " apiKey=" + secret;
    assertThat(service.post("/actions/" + actionId + "/approve", "dev-bob", "{\"comment\":\"" + comment + "\"}").statusCode())
        .isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");

    String auditRows = String.join("\n", jdbc.queryForList(
        "SELECT row_to_json(e)::text FROM governed.audit_event e WHERE action_id = ? ORDER BY seq", String.class, actionId));
    String actionRow = jdbc.queryForObject(
        "SELECT row_to_json(a)::text FROM governed.action a WHERE action_id = ?", String.class, actionId);
    String csv = service.send(HttpRequest.newBuilder(service.api("/audit/export.csv?conversationId=" + conversation))
        .header("Authorization", "Bearer dev-olivia").GET()).body();
    String search = service.send(HttpRequest.newBuilder(service.api("/audit?conversationId=" + conversation))
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
    return LiveService.newOrder("CANARY-", "C-canary", "PAID", "120.00");
  }
}

package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.ConsentReceipt;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Consent receipts (issue 15, docs/consent-receipts.md) through the whole service: the receipt the
 * workflow keeps for a confirmation question, read over REST, checked against the hash of the text
 * the customer was shown (REST and the raw Temporal signal alike), carried by the audit trail, its
 * chain and its CSV export.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsentReceiptIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String WRONG_HASH = ConsentReceipt.sha256("Refund USD 2000.00 to order X?");

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);

  /** The service's own connections: they work as governed_app, which reads the audit trail. */
  @Autowired JdbcTemplate jdbc;
  @Autowired WorkflowClient temporal;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_refundAwaitingConfirmation_when_theSubmitterReadsItsConsent_then_theIssuedReceiptWithoutAnOutcome()
      throws Exception {
    String orderId = newOrder();
    JsonNode state = submit(orderId, "20.00", "conv-" + UUID.randomUUID());
    String actionId = state.get("actionId").asText();

    HttpResponse<String> read = consent(actionId, "dev-chat");

    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(read.body());
    String text = "Refund USD 20.00 to order " + orderId + "?";
    assertThat(receipt.get("text").asText()).isEqualTo(text).isEqualTo(state.at("/confirmation/text").asText());
    assertThat(receipt.get("textSha256").asText()).isEqualTo(ConsentReceipt.sha256(text)).matches("[0-9a-f]{64}");
    assertThat(receipt.get("receiptId").asText()).isNotBlank();
    assertThat(receipt.get("actionId").asText()).isEqualTo(actionId);
    assertThat(receipt.get("state").asText()).isEqualTo("ISSUED");
    assertThat(receipt.get("language").asText()).isEqualTo("en");
    assertThat(receipt.get("channel").asText()).isEqualTo("chat");
    assertThat(receipt.get("customerId").asText()).isEqualTo(state.at("/customer/id").asText());
    assertThat(receipt.get("conversationId").asText()).isEqualTo(state.get("conversationId").asText());
    Map<String, Object> params = JSON.convertValue(state.get("params"), new TypeReference<>() {});
    assertThat(receipt.get("paramsHash").asText()).isEqualTo(CanonicalHash.ofAction("refund", params));
    assertThat(receipt.get("policyVersion").asLong()).isEqualTo(state.at("/decision/policyVersion").asLong());
    Instant issuedAt = Instant.parse(receipt.get("issuedAt").asText());
    assertThat(issuedAt).isBetween(Instant.parse(state.get("createdAt").asText()), Instant.now());
    assertThat(Instant.parse(receipt.get("expiresAt").asText())).isAfter(issuedAt);
    assertThat(receipt.at("/agreedTo/type").asText()).isEqualTo("refund");
    assertThat(receipt.at("/agreedTo/amount").asText()).isEqualTo("20.00");
    assertThat(receipt.at("/agreedTo/currency").asText()).isEqualTo("USD");
    assertThat(receipt.at("/agreedTo/orderId").asText()).isEqualTo(orderId);
    for (String outcome : List.of("confirmedAt", "declinedAt", "expiredAt", "answeredBy")) {
      assertThat(receipt.path(outcome).isMissingNode() || receipt.get(outcome).isNull()).as(outcome).isTrue();
    }
    // The same receipt the workflow audited when it asked.
    assertThat(auditConsent(actionId, "CONFIRMATION_REQUESTED"))
        .containsExactly(receipt.get("receiptId").asText(), receipt.get("textSha256").asText());
  }

  @Test
  void given_refundAwaitingConfirmation_when_aStaffMemberOrAnotherClientReadsItsConsent_then_200ForStaffAnd403Otherwise()
      throws Exception {
    String actionId = submit(newOrder(), "20.00", "conv-" + UUID.randomUUID()).get("actionId").asText();

    HttpResponse<String> byAgent = consent(actionId, "dev-agent");
    HttpResponse<String> bySupervisor = consent(actionId, "dev-alice");
    HttpResponse<String> byOperator = consent(actionId, "dev-olivia");

    assertThat(byAgent.statusCode()).as(byAgent.body()).isEqualTo(403);
    assertThat(byAgent.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
    assertThat(byAgent.body()).doesNotContain("Refund USD");
    assertThat(bySupervisor.statusCode()).isEqualTo(200);
    assertThat(byOperator.statusCode()).isEqualTo(200);
  }

  @Test
  void given_anActionThatNeverAskedTheCustomer_when_itsConsentIsRead_then_404NoConsentReceipt() throws Exception {
    // A person asking for a small refund of a verified customer needs no confirmation.
    String body = LiveService.aiRefundBody("consent-" + UUID.randomUUID(), newOrder(), "30.00", freshCustomer(),
        "conv-" + UUID.randomUUID()).replace("{\"type\":\"ai\",\"id\":\"support-bot\"}", "{\"type\":\"human\"}");
    HttpResponse<String> created = service.post("/actions", "dev-alice", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode state = JSON.readTree(created.body());
    String actionId = state.get("actionId").asText();
    assertThat(state.path("confirmation").isMissingNode() || state.get("confirmation").isNull()).as(created.body()).isTrue();

    HttpResponse<String> read = consent(actionId, "dev-olivia");

    assertThat(read.statusCode()).as(read.body()).isEqualTo(404);
    assertThat(JSON.readTree(read.body()).get("type").asText()).endsWith("no-consent-receipt");
  }

  @Test
  void given_refundAwaitingConfirmation_when_confirmedForAnotherTextThenForTheIssuedOne_then_409AndWaitingThenConfirmed()
      throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String actionId = submit(newOrder(), "20.00", conversation).get("actionId").asText();
    JsonNode issued = JSON.readTree(consent(actionId, "dev-chat").body());

    HttpResponse<String> mismatch =
        service.post("/actions/" + actionId + "/confirm", "dev-chat", "{\"shownTextSha256\":\"" + WRONG_HASH + "\"}");

    assertThat(mismatch.statusCode()).as(mismatch.body()).isEqualTo(409);
    JsonNode problem = JSON.readTree(mismatch.body());
    assertThat(problem.get("type").asText()).endsWith("consent-mismatch");
    assertThat(problem.get("actionStatus").asText()).isEqualTo("AWAITING_CONFIRMATION");
    assertThat(problem.get("detail").asText()).contains(WRONG_HASH).doesNotContain(issued.get("textSha256").asText());
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_CONFIRMATION");
    assertThat(JSON.readTree(consent(actionId, "dev-chat").body()).get("state").asText()).isEqualTo("ISSUED");
    assertThat(auditEvents(actionId)).containsExactly("REQUESTED", "CONFIRMATION_REQUESTED", "INPUT_REFUSED");
    assertThat(auditDetail(actionId, "INPUT_REFUSED")).contains("CONSENT_MISMATCH");
    assertThat(auditConsent(actionId, "INPUT_REFUSED"))
        .containsExactly(issued.get("receiptId").asText(), issued.get("textSha256").asText());

    // The hash in capitals is the same hash.
    String shown = issued.get("textSha256").asText().toUpperCase(Locale.ROOT);
    HttpResponse<String> confirmed =
        service.post("/actions/" + actionId + "/confirm", "dev-chat", "{\"shownTextSha256\":\"" + shown + "\"}");

    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(JSON.readTree(confirmed.body()).get("status").asText()).isNotEqualTo("AWAITING_CONFIRMATION");
    JsonNode receipt = JSON.readTree(consent(actionId, "dev-chat").body());
    assertThat(receipt.get("state").asText()).isEqualTo("CONFIRMED");
    assertThat(receipt.get("receiptId").asText()).isEqualTo(issued.get("receiptId").asText());
    assertThat(receipt.get("textSha256").asText()).isEqualTo(issued.get("textSha256").asText());
    assertThat(receipt.get("answeredBy").asText()).isEqualTo("chat-backend");
    assertThat(Instant.parse(receipt.get("confirmedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(issued.get("issuedAt").asText()))
        .isBeforeOrEqualTo(Instant.now());
    assertThat(auditEvents(actionId)).containsSubsequence("INPUT_REFUSED", "CONFIRMED");
    assertThat(jdbc.queryForObject(
            "SELECT consent->>'state' FROM governed.audit_event WHERE action_id = ? AND event_type = 'CONFIRMED'",
            String.class, actionId))
        .isEqualTo("CONFIRMED");
  }

  @Test
  void given_aConfirmedReceipt_when_theTrailIsVerifiedAndExported_then_theChainHoldsAndTheCsvNamesTheReceipt()
      throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String actionId = submit(newOrder(), "20.00", conversation).get("actionId").asText();
    JsonNode issued = JSON.readTree(consent(actionId, "dev-chat").body());
    String receiptId = issued.get("receiptId").asText();
    String textSha256 = issued.get("textSha256").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat",
        "{\"shownTextSha256\":\"" + textSha256 + "\"}").statusCode()).isEqualTo(200);

    HttpResponse<String> verified = service.send(
        HttpRequest.newBuilder(service.api("/audit/verify")).header("Authorization", "Bearer dev-olivia").GET());
    HttpResponse<String> csv = service.send(HttpRequest.newBuilder(service.api("/audit/export.csv?conversationId=" + conversation))
        .header("Authorization", "Bearer dev-olivia").GET());

    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    assertThat(JSON.readTree(verified.body()).get("ok").asBoolean()).as(verified.body()).isTrue();
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).endsWith(",consent_receipt_id,consent_text_sha256");
    assertThat(lines).filteredOn(line -> line.contains("," + actionId + ","))
        .filteredOn(line -> line.contains(",CONFIRMATION_REQUESTED,") || line.contains(",CONFIRMED,"))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).endsWith("," + receiptId + "," + textSha256));
    assertThat(lines).filteredOn(line -> line.contains(",REQUESTED,"))
        .singleElement().satisfies(line -> assertThat(line).endsWith(",,"));
  }

  @Test
  void given_refundAwaitingConfirmation_when_theCustomerSaysNoOverRest_then_theReceiptIsDeclined() throws Exception {
    String actionId = submit(newOrder(), "20.00", "conv-" + UUID.randomUUID()).get("actionId").asText();
    JsonNode issued = JSON.readTree(consent(actionId, "dev-chat").body());

    HttpResponse<String> cancelled =
        service.post("/actions/" + actionId + "/cancel", "dev-chat", "{\"reason\":\"customer said no\"}");

    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    service.awaitStatus(actionId, "CANCELLED");
    HttpResponse<String> read = consent(actionId, "dev-chat");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode receipt = JSON.readTree(read.body());
    assertThat(receipt.get("state").asText()).isEqualTo("DECLINED");
    assertThat(receipt.get("receiptId").asText()).isEqualTo(issued.get("receiptId").asText());
    assertThat(receipt.get("answeredBy").asText()).isEqualTo("chat-backend");
    assertThat(Instant.parse(receipt.get("declinedAt").asText())).isAfterOrEqualTo(Instant.parse(issued.get("issuedAt").asText()));
    assertThat(receipt.path("confirmedAt").isMissingNode() || receipt.get("confirmedAt").isNull()).isTrue();
    assertThat(jdbc.queryForObject(
            "SELECT consent->>'state' FROM governed.audit_event WHERE action_id = ? AND event_type = 'CANCELLED'",
            String.class, actionId))
        .isEqualTo("DECLINED");
  }

  @Test
  void given_refundAwaitingConfirmation_when_aRawTemporalConfirmSignalNamesAnotherText_then_refusedAndAudited()
      throws Exception {
    String actionId = submit(newOrder(), "20.00", "conv-" + UUID.randomUUID()).get("actionId").asText();
    JsonNode issued = JSON.readTree(consent(actionId, "dev-chat").body());

    // As the Temporal CLI would send it: a JSON payload, no REST in between.
    temporal.newUntypedWorkflowStub(actionId).signal("confirm", Map.of("by", "cli-user", "shownTextSha256", WRONG_HASH));

    awaitEvent(actionId, "INPUT_REFUSED");
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_CONFIRMATION");
    assertThat(JSON.readTree(consent(actionId, "dev-chat").body()).get("state").asText()).isEqualTo("ISSUED");
    assertThat(jdbc.queryForObject(
            "SELECT decided_by FROM governed.audit_event WHERE action_id = ? AND event_type = 'INPUT_REFUSED'",
            String.class, actionId))
        .isEqualTo("cli-user");
    assertThat(auditDetail(actionId, "INPUT_REFUSED")).contains("CONSENT_MISMATCH").contains(WRONG_HASH);
    assertThat(auditConsent(actionId, "INPUT_REFUSED"))
        .containsExactly(issued.get("receiptId").asText(), issued.get("textSha256").asText());
    assertThat(auditEvents(actionId)).doesNotContain("CONFIRMED");
  }

  // ------------------------------------------------------------------ helpers

  /** A refund the support bot asks for: the policy asks the customer to confirm it. */
  private JsonNode submit(String orderId, String amount, String conversation) throws Exception {
    String body = LiveService.aiRefundBody("consent-" + UUID.randomUUID(), orderId, amount, freshCustomer(), conversation);
    HttpResponse<String> created = service.post("/actions", "dev-chat", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode state = JSON.readTree(created.body());
    assertThat(state.get("status").asText()).as(created.body()).isEqualTo("AWAITING_CONFIRMATION");
    return state;
  }

  private HttpResponse<String> consent(String actionId, String token) throws Exception {
    return service.send(HttpRequest.newBuilder(service.api("/actions/" + actionId + "/consent"))
        .header("Authorization", "Bearer " + token).GET());
  }

  /** Each action gets its own customer: refund history aggregates must not leak between tests. */
  private static String freshCustomer() {
    return "C-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String newOrder() {
    return LiveService.newOrder("CONSENT-", "C-42", "PAID", "120.00");
  }

  private List<String> auditEvents(String actionId) {
    return jdbc.queryForList(
        "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId);
  }

  private String auditDetail(String actionId, String type) {
    return jdbc.queryForObject("SELECT detail FROM governed.audit_event WHERE action_id = ? AND event_type = ?",
        String.class, actionId, type);
  }

  /** The receipt id and text hash the event of {@code type} carries in its consent column. */
  private List<String> auditConsent(String actionId, String type) {
    return jdbc.queryForObject(
        "SELECT consent->>'receiptId' AS id, consent->>'textSha256' AS sha FROM governed.audit_event"
            + " WHERE action_id = ? AND event_type = ?",
        (row, n) -> java.util.Arrays.asList(row.getString("id"), row.getString("sha")), actionId, type);
  }

  private void awaitEvent(String actionId, String type) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!auditEvents(actionId).contains(type)) {
      assertThat(Instant.now()).as("no %s event for %s", type, actionId).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}

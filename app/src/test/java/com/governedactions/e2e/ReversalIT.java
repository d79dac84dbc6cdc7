package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * POST /actions/{id}/reverse against the assembled service in dev mode: embedded Temporal, the
 * worker, PostgreSQL and the sample store over HTTP. The reversal window is judged by a clock the
 * test can move forward.
 */
@SpringBootTest(
    classes = {GovernedActionsApplication.class, ReversalIT.MovableClock.class},
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ReversalIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);

  @Autowired JdbcTemplate jdbc;
  @Autowired Clock clock;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  /** The system clock, plus however far a test moved it. */
  @TestConfiguration
  static class MovableClock {
    static volatile Duration offset = Duration.ZERO;

    @Bean
    @Primary
    Clock movableClock() {
      return new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(offset);
        }
      };
    }
  }

  @AfterEach
  void resetClock() {
    MovableClock.offset = Duration.ZERO;
  }

  @Test
  void given_succeededRefund_when_chatBackendReversesAndSupervisorApproves_then_refundUndoneAndOriginalReversed()
      throws Exception {
    String orderId = newOrder("120.00");
    String original = succeededRefund(orderId, "20.00");

    HttpResponse<String> reverse = service.post("/actions/" + original + "/reverse", "dev-chat", "{\"reason\":\"customer kept the item\"}");

    assertThat(reverse.statusCode()).as(reverse.body()).isEqualTo(201);
    JsonNode reversal = JSON.readTree(reverse.body());
    String reversalId = reversal.get("actionId").asText();
    assertThat(reversal.get("type").asText()).isEqualTo("reversal");
    assertThat(reversal.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(reversal.at("/decision/rules").toString()).contains("reversal-of-refund");
    assertThat(reversal.at("/params/originalActionId").asText()).isEqualTo(original);
    assertThat(reverse.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(reversalId));
    assertThat(refundStatuses(orderId)).containsExactly("SUCCEEDED");

    HttpResponse<String> approved = service.post("/actions/" + reversalId + "/approve", "dev-alice", "{\"comment\":\"ok\"}");

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(service.awaitStatus(reversalId, "SUCCEEDED").at("/result/steps/0/operation").asText()).isEqualTo("governed.reverse");
    assertThat(service.action(original).get("status").asText()).isEqualTo("REVERSED");
    assertThat(refundStatuses(orderId)).containsExactly("REVERSED");
    assertThat(auditEvents(original)).endsWith("SUCCEEDED", "REVERSED");
    assertThat(jdbc.queryForObject("SELECT detail FROM governed.audit_event WHERE action_id = ? AND event_type = 'REVERSED'",
        String.class, original)).contains(reversalId).contains("payments.refund.reverse");
    assertThat(jdbc.queryForObject("SELECT status FROM governed.action WHERE action_id = ?", String.class, original))
        .isEqualTo("REVERSED");
    assertThat(auditEvents(reversalId)).contains("REQUESTED", "APPROVAL_REQUESTED", "APPROVED", "STEP_SUCCEEDED", "SUCCEEDED");
  }

  @Test
  void given_reversedOrBeingReversed_when_reversedAgain_then_409AndCompensatedOnce() throws Exception {
    String orderId = newOrder("120.00");
    String original = succeededRefund(orderId, "20.00");
    String reversalId = JSON.readTree(service.post("/actions/" + original + "/reverse", "dev-chat", "{}").body()).get("actionId").asText();

    HttpResponse<String> whileWaiting = service.post("/actions/" + original + "/reverse", "dev-alice", "{}");

    assertThat(whileWaiting.statusCode()).as(whileWaiting.body()).isEqualTo(409);
    assertThat(JSON.readTree(whileWaiting.body()).get("reversalActionId").asText()).isEqualTo(reversalId);

    service.post("/actions/" + reversalId + "/approve", "dev-bob", "{}");
    service.awaitStatus(reversalId, "SUCCEEDED");
    HttpResponse<String> afterwards = service.post("/actions/" + original + "/reverse", "dev-chat", "{}");

    assertThat(afterwards.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(afterwards.body()).get("detail").asText()).contains("already reversed");
    assertThat(JSON.readTree(afterwards.body()).get("actionStatus").asText())
        .as("as GET says").isEqualTo(service.action(original).get("status").asText()).isEqualTo("REVERSED");
    assertThat(auditEvents(original)).filteredOn("REVERSED"::equals).hasSize(1);
    assertThat(auditEvents(reversalId)).filteredOn("STEP_SUCCEEDED"::equals).hasSize(1);
    assertThat(refundStatuses(orderId)).containsExactly("REVERSED");
  }

  @Test
  void given_reversalNeedingApproval_when_rejected_then_originalStaysSucceededAndRefundStands() throws Exception {
    String orderId = newOrder("120.00");
    String original = succeededRefund(orderId, "20.00");
    String reversalId = JSON.readTree(service.post("/actions/" + original + "/reverse", "dev-chat", "{}").body()).get("actionId").asText();

    HttpResponse<String> rejected = service.post("/actions/" + reversalId + "/reject", "dev-bob", "{\"reason\":\"refund was right\"}");

    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    assertThat(service.awaitStatus(reversalId, "REJECTED").get("status").asText()).isEqualTo("REJECTED");
    assertThat(service.action(original).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(refundStatuses(orderId)).containsExactly("SUCCEEDED");
    assertThat(auditEvents(original)).doesNotContain("REVERSED");
    assertThat(service.post("/actions/" + original + "/reverse", "dev-chat", "{}").statusCode()).isEqualTo(409);
  }

  @Test
  void given_supervisorsOwnReversalRequest_when_sheApprovesIt_then_403() throws Exception {
    String original = succeededRefund(newOrder("120.00"), "20.00");
    String reversalId = JSON.readTree(service.post("/actions/" + original + "/reverse", "dev-alice", "{}").body()).get("actionId").asText();

    HttpResponse<String> ownApproval = service.post("/actions/" + reversalId + "/approve", "dev-alice", "{}");

    assertThat(ownApproval.statusCode()).isEqualTo(403);
    assertThat(service.action(reversalId).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void given_aliceApprovedTheRefund_when_bobRequestsItsReversal_then_neitherMayApproveTheReversal() throws Exception {
    String original = approvedRefund(newOrder("200.00"), "80.00", "dev-alice");
    HttpResponse<String> reverse = service.post("/actions/" + original + "/reverse", "dev-bob", "{\"reason\":\"wrong order\"}");
    assertThat(reverse.statusCode()).as(reverse.body()).isEqualTo(201);
    String reversalId = JSON.readTree(reverse.body()).get("actionId").asText();
    assertThat(service.action(reversalId).get("status").asText()).isEqualTo("AWAITING_APPROVAL");

    HttpResponse<String> byOriginalApprover = service.post("/actions/" + reversalId + "/approve", "dev-alice", "{}");
    HttpResponse<String> byRequester = service.post("/actions/" + reversalId + "/approve", "dev-bob", "{}");

    assertThat(byOriginalApprover.statusCode()).as(byOriginalApprover.body()).isEqualTo(403);
    assertThat(JSON.readTree(byOriginalApprover.body()).get("detail").asText())
        .contains("'alice' requested or approved the action this one reverses (" + original + ")");
    assertThat(byRequester.statusCode()).as(byRequester.body()).isEqualTo(403);
    assertThat(service.action(reversalId).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(auditEvents(reversalId)).doesNotContain("APPROVED").contains("INPUT_REFUSED");
  }

  @Test
  void given_windowPassed_when_reversed_then_409NamingTheWindowAndNothingStarted() throws Exception {
    String original = succeededRefund(newOrder("120.00"), "20.00");
    MovableClock.offset = Duration.ofDays(31);

    HttpResponse<String> reverse = service.post("/actions/" + original + "/reverse", "dev-chat", "{}");

    assertThat(reverse.statusCode()).isEqualTo(409);
    JsonNode problem = JSON.readTree(reverse.body());
    assertThat(problem.get("type").asText()).endsWith("reversal-window-closed");
    assertThat(problem.get("detail").asText()).contains("P30D");
    String reversalId = "action-reverse." + original.substring("action-".length());
    assertThat(service.send(HttpRequest.newBuilder(service.api("/actions/" + reversalId)).header("Authorization", "Bearer dev-olivia").GET())
        .statusCode()).isEqualTo(404);
    assertThat(service.action(original).get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void given_discountWithoutApprovalRule_when_reversedInsideWindow_then_discountRemovedWithoutAHuman() throws Exception {
    String orderId = newOrder("120.00");
    String requestId = "rev-" + UUID.randomUUID();
    HttpResponse<String> created = service.post("/actions", "dev-chat", """
        {"requestId":"%s","type":"apply_discount","params":{"orderId":"%s","amount":"5.00","currency":"USD"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"%s"},"conversationId":"conv-r","channel":"chat"}"""
        .formatted(requestId, orderId, freshCustomer()));
    String original = JSON.readTree(created.body()).get("actionId").asText();
    service.awaitStatus(original, "SUCCEEDED");
    MovableClock.offset = Duration.ofDays(29);

    HttpResponse<String> reverse = service.post("/actions/" + original + "/reverse", "dev-chat", "{}");

    assertThat(reverse.statusCode()).as(reverse.body()).isEqualTo(201);
    service.awaitStatus(JSON.readTree(reverse.body()).get("actionId").asText(), "SUCCEEDED");
    assertThat(service.awaitStatus(original, "REVERSED").get("status").asText()).isEqualTo("REVERSED");
    assertThat(LiveService.STORE.queryForList("SELECT status FROM sample_store.discounts WHERE order_id = ?", String.class, orderId))
        .containsExactly("REMOVED");
  }

  @Test
  void given_typeWithoutCompensation_when_reversed_then_409SayingWhich() throws Exception {
    String orderId = newOrder("120.00");
    HttpResponse<String> created = service.post("/actions", "dev-chat", """
        {"requestId":"rev-%s","type":"cancel_order","params":{"orderId":"%s"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"%s"},"conversationId":"conv-r","channel":"chat"}"""
        .formatted(UUID.randomUUID(), orderId, freshCustomer()));
    String original = JSON.readTree(created.body()).get("actionId").asText();
    service.post("/actions/" + original + "/confirm", "dev-chat", "{}");
    service.awaitStatus(original, "SUCCEEDED");

    HttpResponse<String> reverse = service.post("/actions/" + original + "/reverse", "dev-chat", "{}");

    assertThat(reverse.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(reverse.body()).get("detail").asText()).contains("no compensation for orders.cancel");
  }

  @Test
  void given_actionNotSucceeded_when_reversed_then_409() throws Exception {
    HttpResponse<String> created = service.post("/actions", "dev-chat", refundBody("rev-" + UUID.randomUUID(), newOrder("120.00"), "20.00"));
    String waiting = JSON.readTree(created.body()).get("actionId").asText();

    HttpResponse<String> reverse = service.post("/actions/" + waiting + "/reverse", "dev-chat", "{}");

    assertThat(reverse.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(reverse.body()).get("detail").asText()).contains("AWAITING_CONFIRMATION");
  }

  @Test
  void given_someoneElsesAction_when_anAgentReversesIt_then_403() throws Exception {
    String original = succeededRefund(newOrder("120.00"), "20.00");

    HttpResponse<String> reverse = service.post("/actions/" + original + "/reverse", "dev-agent", "{}");

    assertThat(reverse.statusCode()).isEqualTo(403);
    assertThat(service.action(original).get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void given_reversalTypeSubmittedAsANewAction_when_posted_then_422() throws Exception {
    HttpResponse<String> created = service.post("/actions", "dev-chat", """
        {"requestId":"rev-%s","type":"reversal","params":{"originalActionId":"action-x","originalType":"refund"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"C-1"},"conversationId":"conv-r","channel":"chat"}"""
        .formatted(UUID.randomUUID()));

    assertThat(created.statusCode()).isEqualTo(422);
    assertThat(created.body()).contains("/reverse");
  }

  // ------------------------------------------------------------------------------------------

  /** A small AI refund the customer confirmed: SUCCEEDED without an approval. */
  private String succeededRefund(String orderId, String amount) throws Exception {
    HttpResponse<String> created = service.post("/actions", "dev-chat", refundBody("rev-" + UUID.randomUUID(), orderId, amount));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");
    return actionId;
  }

  /** An AI refund large enough to need a supervisor, confirmed by the customer and approved by {@code approver}. */
  private String approvedRefund(String orderId, String amount, String approverToken) throws Exception {
    HttpResponse<String> created = service.post("/actions", "dev-chat", refundBody("rev-" + UUID.randomUUID(), orderId, amount));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    if ("AWAITING_CONFIRMATION".equals(JSON.readTree(created.body()).get("status").asText())) {
      assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    }
    service.awaitStatus(actionId, "AWAITING_APPROVAL");
    HttpResponse<String> approved = service.post("/actions/" + actionId + "/approve", approverToken, "{}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");
    return actionId;
  }

  private static String refundBody(String requestId, String orderId, String amount) {
    return LiveService.aiRefundBody(requestId, orderId, amount, freshCustomer(), "conv-r");
  }

  private static String freshCustomer() {
    return "C-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String newOrder(String paid) {
    return LiveService.newOrder("REV-", "C-42", "PAID", paid);
  }

  private List<String> refundStatuses(String orderId) {
    return LiveService.STORE.queryForList("SELECT status FROM sample_store.refunds WHERE order_id = ?", String.class, orderId);
  }

  private List<String> auditEvents(String actionId) {
    return jdbc.queryForList(
        "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId);
  }
}

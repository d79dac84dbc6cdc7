package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.action.ActionSearchAttributes;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The assembled service in dev mode, as the README runs it: REST API, embedded Temporal on a port,
 * the worker with its real activities, the audit store in PostgreSQL and the sample store over
 * HTTP. Nothing is mocked.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class GovernedActionsEndToEndIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);

  /** The service's own connections: they work as governed_app, which reads the audit trail. */
  @Autowired JdbcTemplate jdbc;
  private final JdbcTemplate store = LiveService.STORE;
  @Autowired WorkflowClient temporal;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_refundNeedingConfirmationAndApproval_when_customerConfirmsAndSupervisorApproves_then_refundedOnceAndFullyAudited()
      throws Exception {
    String orderId = newOrder("120.00");
    String requestId = "e2e-" + UUID.randomUUID();
    String body = refundBody(requestId, orderId, "89.50");

    HttpResponse<String> created = service.post("/actions", "dev-chat", body);
    HttpResponse<String> repeated = service.post("/actions", "dev-chat", body);
    HttpResponse<String> conflicting = service.post("/actions", "dev-chat", body.replace("89.50", "89.51"));

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode state = JSON.readTree(created.body());
    String actionId = state.get("actionId").asText();
    assertThat(state.get("status").asText()).isEqualTo("AWAITING_CONFIRMATION");
    assertThat(state.at("/confirmation/text").asText()).isEqualTo("Refund USD 89.50 to order " + orderId + "?");
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(conflicting.statusCode()).isEqualTo(409);
    assertThat(conflicting.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));

    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> approved = service.post("/actions/" + actionId + "/approve", "dev-bob", "{\"comment\":\"ok\"}");

    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(service.awaitStatus(actionId, "SUCCEEDED").at("/result/steps/0/statusCode").asInt()).isEqualTo(201);
    assertThat(refunds(orderId)).containsExactly(new BigDecimal("89.50"));
    List<String> events = auditEvents(actionId);
    assertThat(events)
        .containsExactly(
            "REQUESTED", "CONFIRMATION_REQUESTED", "CONFIRMED", "APPROVAL_REQUESTED", "APPROVED",
            "EXECUTION_STARTED", "STEP_SUCCEEDED", "SUCCEEDED");
    assertThat(auditSequence(actionId)).containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).boxed().toList());
    var searchAttributes = temporal.newUntypedWorkflowStub(actionId).describe().getTypedSearchAttributes();
    assertThat(searchAttributes.get(ActionSearchAttributes.ACTION_TYPE)).isEqualTo("refund");
    assertThat(searchAttributes.get(ActionSearchAttributes.STATUS)).isEqualTo("SUCCEEDED");
  }

  /**
   * Duplicate headers only exist on the wire: through Tomcat itself, two Authorization headers are
   * refused, whichever of them is valid. (A folded header is unfolded by Tomcat into one space
   * before any filter sees it, as RFC 9112 section 5.2 allows; what is left must be well formed.)
   */
  @Test
  void given_twoAuthorizationHeadersOnTheWire_when_sent_then_400_and_never_authenticated() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("localhost", HTTP_PORT)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/v1/actions HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer dev-alice\r\nAuthorization: Bearer dev-olivia\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer.lines().findFirst().orElse("")).as(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).contains("send exactly one");
    }
  }

  @Test
  void given_refundAudited_when_anOperatorVerifiesTheTrail_then_itsChainHolds() throws Exception {
    String requestId = "e2e-" + UUID.randomUUID();
    String actionId = JSON.readTree(service.post("/actions", "dev-chat", refundBody(requestId, newOrder("120.00"), "89.50")).body())
        .get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/cancel", "dev-chat", "{\"reason\": \"changed my mind\"}").statusCode())
        .isEqualTo(200);
    service.awaitStatus(actionId, "CANCELLED");

    HttpResponse<String> verified =
        service.send(HttpRequest.newBuilder(service.api("/audit/verify")).header("Authorization", "Bearer dev-olivia").GET());

    assertThat(verified.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(verified.body());
    assertThat(answer.get("ok").asBoolean()).as(verified.body()).isTrue();
    assertThat(answer.get("checked").asLong()).isGreaterThanOrEqualTo(auditEvents(actionId).size());
    assertThat(jdbc.queryForObject("SELECT count(*) FROM governed.audit_event WHERE action_id = ? AND hash IS NOT NULL",
        Integer.class, actionId)).isEqualTo(auditEvents(actionId).size());
  }

  @Test
  void given_awaitingApproval_when_requesterOrServiceClientApprovesOverRest_then_403AndNothingChanges() throws Exception {
    String actionId = awaitingApproval("dev-alice", humanRefund("e2e-" + UUID.randomUUID(), newOrder("120.00"), "89.50"));

    HttpResponse<String> byRequester = service.post("/actions/" + actionId + "/approve", "dev-alice", "{}");
    HttpResponse<String> byChatBackend = service.post("/actions/" + actionId + "/approve", "dev-chat", "{}");
    HttpResponse<String> byAgent = service.post("/actions/" + actionId + "/approve", "dev-agent", "{}");

    assertThat(byRequester.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(byRequester.body()).get("detail").asText()).contains("requested this action");
    assertThat(byChatBackend.statusCode()).isEqualTo(403);
    assertThat(byAgent.statusCode()).isEqualTo(403);
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(auditEvents(actionId)).filteredOn("INPUT_REFUSED"::equals).hasSize(3);
  }

  @Test
  void given_awaitingApproval_when_supervisorsAndManagersOpenTheQueue_then_onlyTheSupervisorsListItWithItsSla()
      throws Exception {
    String actionId = awaitingApproval("dev-chat", refundBody("e2e-" + UUID.randomUUID(), newOrder("120.00"), "89.50"));

    JsonNode forAlice = queued(actionId, "dev-alice");
    JsonNode forMaria = queued(actionId, "dev-maria");

    assertThat(forAlice).as("the supervisor's queue lists it").isNotNull();
    assertThat(forAlice.get("tier").asInt()).isEqualTo(1);
    assertThat(forAlice.get("roles").toString()).isEqualTo("[\"SUPERVISOR\"]");
    assertThat(forAlice.get("breached").asBoolean()).isFalse();
    assertThat(Duration.parse(forAlice.get("timeLeft").asText())).isBetween(Duration.ofHours(3), Duration.ofHours(4));
    assertThat(Instant.parse(forAlice.get("deadline").asText())).isAfter(Instant.now().plus(Duration.ofHours(3)));
    assertThat(forMaria).as("a manager may not decide it at tier 1").isNull();
  }

  /** The action's entry in the caller's approvals queue, paging through it; null if not listed. */
  private JsonNode queued(String actionId, String token) throws Exception {
    String cursor = null;
    for (int page = 0; page < 100; page++) {
      HttpResponse<String> response = service.send(HttpRequest.newBuilder(
              service.api("/approvals?status=pending&limit=200" + (cursor == null ? "" : "&cursor=" + cursor)))
          .header("Authorization", "Bearer " + token).GET());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      for (JsonNode item : body.get("items")) {
        if (item.get("actionId").asText().equals(actionId)) {
          return item;
        }
      }
      if (body.get("nextCursor").isNull()) {
        return null;
      }
      cursor = body.get("nextCursor").asText();
    }
    throw new AssertionError("the queue has more than 100 pages");
  }

  @Test
  void given_awaitingApproval_when_aiApprovesByRawTemporalSignal_then_refusedAndAudited() throws Exception {
    String actionId = awaitingApproval("dev-chat", refundBody("e2e-" + UUID.randomUUID(), newOrder("120.00"), "89.50"));

    // As the Temporal CLI would send it: a JSON payload naming the approver, no REST in between.
    temporal.newUntypedWorkflowStub(actionId).signal("approve", Map.of("approver", "chat-backend", "comment", "lgtm"));

    awaitEvent(actionId, "INPUT_REFUSED");
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(jdbc.queryForObject(
            "SELECT decided_by FROM governed.audit_event WHERE action_id = ? AND event_type = 'INPUT_REFUSED'",
            String.class, actionId))
        .isEqualTo("chat-backend");
  }

  /**
   * The Temporal contract lets a chat backend start the workflow itself, bypassing the REST checks:
   * an invalid request must still end DENIED with its reason and an audit trail, never leave a
   * workflow task failing over and over.
   */
  @Test
  void given_invalidRequestsStartedThroughARawTemporalClient_when_run_then_each_is_denied_with_its_reason_and_audited()
      throws Exception {
    Map<String, Object> valid = Map.of(
        "type", "refund",
        "params", Map.of("orderId", "A-1001", "amount", "1.00", "currency", "USD"),
        "actor", Map.of("type", "ai", "id", "support-bot"),
        "customer", Map.of("id", "C-raw"),
        "conversationId", "conv-raw", "channel", "chat", "submittedBy", "chat-backend");
    Map<String, String> reasons = Map.of(
        "no-actor", "the request names no actor",
        "unknown-type", "unknown action type 'refnd'",
        "bad-params", "params.amount");
    for (var invalid : reasons.entrySet()) {
      Map<String, Object> request = new java.util.HashMap<>(valid);
      request.put("requestId", "raw-" + invalid.getKey() + "-" + UUID.randomUUID());
      switch (invalid.getKey()) {
        case "no-actor" -> request.remove("actor");
        case "unknown-type" -> request.put("type", "refnd");
        default -> request.put("params", Map.of("orderId", "A-1001", "amount", "-5", "currency", "USD"));
      }
      String actionId = "action-" + request.get("requestId");
      io.temporal.client.WorkflowStub stub = temporal.newUntypedWorkflowStub("GovernedAction",
          io.temporal.client.WorkflowOptions.newBuilder()
              .setWorkflowId(actionId).setTaskQueue("governed-actions").build());
      stub.start(Map.of("request", request));

      @SuppressWarnings("unchecked")
      Map<String, Object> state = stub.getResult(20, java.util.concurrent.TimeUnit.SECONDS, Map.class);

      assertThat(state.get("status")).as(invalid.getKey()).isEqualTo("DENIED");
      assertThat(((Map<?, ?>) state.get("decision")).get("reason").toString()).as(invalid.getKey())
          .contains(invalid.getValue());
      awaitEvent(actionId, "DENIED");
      assertThat(jdbc.queryForList(
              "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId))
          .as(invalid.getKey()).containsExactly("REQUESTED", "DENIED");
    }
  }

  @Test
  void given_actionOfTheChatBackend_when_aHumanAgentReadsOrConfirmsIt_then_403() throws Exception {
    HttpResponse<String> created = service.post("/actions", "dev-chat", refundBody("e2e-" + UUID.randomUUID(), newOrder("120.00"), "20.00"));
    String actionId = JSON.readTree(created.body()).get("actionId").asText();

    HttpResponse<String> read = service.send(HttpRequest.newBuilder(service.api("/actions/" + actionId)).header("Authorization", "Bearer dev-agent").GET());
    HttpResponse<String> confirm = service.post("/actions/" + actionId + "/confirm", "dev-agent", "{}");

    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(confirm.statusCode()).isEqualTo(403);
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_CONFIRMATION");
  }

  @Test
  void given_awaitingConfirmation_when_supervisorApproves_then_409WrongState() throws Exception {
    HttpResponse<String> created = service.post("/actions", "dev-chat", refundBody("e2e-" + UUID.randomUUID(), newOrder("120.00"), "20.00"));
    String actionId = JSON.readTree(created.body()).get("actionId").asText();

    HttpResponse<String> approve = service.post("/actions/" + actionId + "/approve", "dev-alice", "{}");

    assertThat(approve.statusCode()).isEqualTo(409);
    assertThat(service.action(actionId).get("status").asText()).isEqualTo("AWAITING_CONFIRMATION");
  }

  @Test
  void given_refundAboveTheLimit_when_requested_then_deniedAtOnceWithTheReason() throws Exception {
    String orderId = newOrder("2000.00");

    HttpResponse<String> denied = service.post("/actions", "dev-chat", refundBody("e2e-" + UUID.randomUUID(), orderId, "900.00"));

    assertThat(denied.statusCode()).isEqualTo(201);
    JsonNode state = JSON.readTree(denied.body());
    assertThat(state.get("status").asText()).isEqualTo("DENIED");
    assertThat(state.at("/decision/reason").asText()).isNotBlank();
    assertThat(refunds(orderId)).isEmpty();
  }

  @Test
  void given_invalidParams_when_requested_then_422AndNoActionExists() throws Exception {
    String requestId = "e2e-" + UUID.randomUUID();

    HttpResponse<String> invalid = service.post("/actions", "dev-chat", refundBody(requestId, "A-1001", "eighty"));

    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("amount");
    assertThat(service.send(HttpRequest.newBuilder(service.api("/actions/action-" + requestId)).header("Authorization", "Bearer dev-olivia").GET())
            .statusCode())
        .isEqualTo(404);
  }

  @Test
  void given_customerSaysNo_when_cancelled_then_nothingExecutesAndTheListShowsIt() throws Exception {
    String orderId = newOrder("120.00");
    String conversation = "conv-" + UUID.randomUUID();
    HttpResponse<String> created =
        service.post("/actions", "dev-chat", refundBody("e2e-" + UUID.randomUUID(), orderId, "20.00").replace("conv-81", conversation));
    String actionId = JSON.readTree(created.body()).get("actionId").asText();

    assertThat(service.post("/actions/" + actionId + "/cancel", "dev-chat", "{\"reason\":\"customer said no\"}").statusCode()).isEqualTo(200);

    service.awaitStatus(actionId, "CANCELLED");
    assertThat(refunds(orderId)).isEmpty();
    JsonNode list = JSON.readTree(service.send(HttpRequest.newBuilder(service.api("/actions?conversationId=" + conversation))
            .header("Authorization", "Bearer dev-olivia").GET()).body());
    assertThat(list.get("items")).hasSize(1);
    assertThat(list.at("/items/0/status").asText()).isEqualTo("CANCELLED");
    assertThat(list.at("/items/0/amount").isTextual()).isTrue();
  }

  @Test
  void given_paymentsFailTransiently_when_refundRuns_then_retriedAndRefundedExactlyOnce() throws Exception {
    String orderId = newOrder("120.00", "PAID");
    try {
      HttpResponse<String> armed =
          service.sampleStore("/_faults", "{\"operation\":\"refunds\",\"failTimes\":2,\"status\":503}");
      assertThat(armed.statusCode()).isEqualTo(201);

      HttpResponse<String> created = service.post("/actions", "dev-alice", humanRefund("e2e-" + UUID.randomUUID(), orderId, "30.00"));
      String actionId = JSON.readTree(created.body()).get("actionId").asText();

      service.awaitStatus(actionId, "SUCCEEDED");
      assertThat(refunds(orderId)).containsExactly(new BigDecimal("30.00"));
      assertThat(auditEvents(actionId)).filteredOn("STEP_SUCCEEDED"::equals).hasSize(1);
      assertThat(auditEvents(actionId)).doesNotContain("STEP_FAILED");
    } finally {
      service.send(HttpRequest.newBuilder(URI.create(service.storeUrl("/_faults"))).DELETE());
    }
  }

  @Test
  void given_shippedOrder_when_cancelOrderFailsAtItsSecondStep_then_theRefundIsReversedAndTheActionFails() throws Exception {
    String orderId = newOrder("120.00", "SHIPPED");
    String body = refundBody("e2e-" + UUID.randomUUID(), orderId, "0")
        .replace("\"type\":\"refund\"", "\"type\":\"cancel_order\"")
        .replace(",\"amount\":\"0\",\"currency\":\"USD\"", "");
    HttpResponse<String> created = service.post("/actions", "dev-chat", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();

    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);

    JsonNode failed = service.awaitStatus(actionId, "FAILED");
    assertThat(failed.at("/result/error").asText()).contains("orders.cancel").contains("order_shipped");
    assertThat(store.queryForList("SELECT status FROM sample_store.refunds WHERE order_id = ?", String.class, orderId))
        .containsExactly("REVERSED");
    assertThat(auditEvents(actionId))
        .containsSubsequence("STEP_SUCCEEDED", "STEP_FAILED", "COMPENSATED", "FAILED");
  }

  // ------------------------------------------------------------------ helpers

  private String awaitingApproval(String token, String body) throws Exception {
    String actionId = JSON.readTree(service.post("/actions", token, body).body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", token, "{}").statusCode()).isEqualTo(200);
    return service.awaitStatus(actionId, "AWAITING_APPROVAL").get("actionId").asText();
  }

  private static String refundBody(String requestId, String orderId, String amount) {
    return LiveService.aiRefundBody(requestId, orderId, amount, freshCustomer(), "conv-81");
  }

  private static String humanRefund(String requestId, String orderId, String amount) {
    return refundBody(requestId, orderId, amount).replace("{\"type\":\"ai\",\"id\":\"support-bot\"}", "{\"type\":\"human\"}");
  }

  /** Each action gets its own customer: refund history aggregates must not leak between tests. */
  private static String freshCustomer() {
    return "C-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String newOrder(String paid) {
    return newOrder(paid, "PAID");
  }

  private String newOrder(String paid, String status) {
    return LiveService.newOrder("E2E-", "C-42", status, paid);
  }

  private List<BigDecimal> refunds(String orderId) {
    return store.queryForList("SELECT amount FROM sample_store.refunds WHERE order_id = ?", BigDecimal.class, orderId);
  }

  private List<String> auditEvents(String actionId) {
    return jdbc.queryForList(
        "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId);
  }

  private List<Integer> auditSequence(String actionId) {
    return jdbc.queryForList("SELECT seq FROM governed.audit_event WHERE action_id = ? ORDER BY seq", Integer.class, actionId);
  }

  private void awaitEvent(String actionId, String type) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!auditEvents(actionId).contains(type)) {
      assertThat(Instant.now()).as("no %s event for %s", type, actionId).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}

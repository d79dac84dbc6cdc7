package com.governedactions.e2e;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Policy changes at runtime against the assembled service (API, embedded Temporal, worker, store):
 * a PUT decides the very next request, and an action that waited is checked again before it runs.
 * Each test puts back the policy it found, as a new version.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PolicyEndToEndIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final LiveService service = new LiveService(HTTP_PORT, WAIT);
  private String original;

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @BeforeEach
  void rememberThePolicy() throws Exception {
    original = policy().get("document").asText();
  }

  @AfterEach
  void restoreThePolicy() throws Exception {
    assertThat(putPolicy(original).statusCode()).isEqualTo(200);
  }

  @Test
  void given_a_new_policy_put_when_the_next_action_is_requested_then_it_is_decided_and_audited_under_that_version()
      throws Exception {
    HttpResponse<String> put = putPolicy(withRefundsFrozen(original));
    long version = JSON.readTree(put.body()).get("version").asLong();

    HttpResponse<String> created = service.post("/actions", "dev-chat", refundBody(newOrder("120.00"), "20.00"));

    assertThat(put.statusCode()).isEqualTo(200);
    JsonNode state = JSON.readTree(created.body());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(state.get("status").asText()).isEqualTo("DENIED");
    assertThat(state.at("/decision/policyVersion").asLong()).isEqualTo(version);
    assertThat(state.at("/decision/rules").toString()).contains("refunds-frozen");
    assertThat(state.at("/decision/reason").asText()).isEqualTo("refunds are frozen during the audit");
    assertThat(jdbc.queryForObject(
            "SELECT policy_version FROM governed.audit_event WHERE action_id = ? AND event_type = 'DENIED'",
            Long.class, state.get("actionId").asText()))
        .isEqualTo(version);
  }

  @Test
  void given_a_permission_map_without_ai_for_refunds_when_an_ai_actor_asks_then_denied_with_the_reason_and_audited()
      throws Exception {
    String humansOnly = original.replace(
        "  refund: {request: [ai, AGENT, SUPERVISOR, MANAGER], approve: [SUPERVISOR, MANAGER]}",
        "  refund: {request: [AGENT, SUPERVISOR, MANAGER], approve: [SUPERVISOR, MANAGER]}");
    assertThat(humansOnly).as("the default policy's refund permissions moved; update this test").isNotEqualTo(original);
    assertThat(putPolicy(humansOnly).statusCode()).isEqualTo(200);

    JsonNode state = JSON.readTree(service.post("/actions", "dev-chat", refundBody(newOrder("120.00"), "20.00")).body());

    assertThat(state.get("status").asText()).isEqualTo("DENIED");
    String reason = "an AI actor may not request 'refund'; it may be requested by: AGENT, SUPERVISOR, MANAGER";
    assertThat(state.at("/decision/reason").asText()).isEqualTo(reason);
    assertThat(jdbc.queryForObject(
            "SELECT detail FROM governed.audit_event WHERE action_id = ? AND event_type = 'DENIED'",
            String.class, state.get("actionId").asText()))
        .isEqualTo(reason);
  }

  @Test
  void given_an_action_awaiting_approval_when_the_policy_now_denies_it_then_the_approval_does_not_execute_it()
      throws Exception {
    String orderId = newOrder("120.00");
    String actionId = awaitingApproval(refundBody(orderId, "89.50"));
    long waitingUnder = service.action(actionId).at("/decision/policyVersion").asLong();
    long freeze = JSON.readTree(putPolicy(withRefundsFrozen(original)).body()).get("version").asLong();

    HttpResponse<String> approved = service.post("/actions/" + actionId + "/approve", "dev-bob", "{\"comment\":\"ok\"}");

    assertThat(approved.statusCode()).isEqualTo(200);
    JsonNode done = service.awaitStatus(actionId, "DENIED");
    assertThat(done.at("/decision/policyVersion").asLong()).isEqualTo(freeze).isGreaterThan(waitingUnder);
    assertThat(done.at("/approval/approvals/0/policyVersion").asLong()).isEqualTo(waitingUnder);
    assertThat(done.at("/approval/approvals/0/paramsHash").asText()).hasSize(64);
    assertThat(refunds(orderId)).isEmpty();
    assertThat(jdbc.queryForList(
            "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId))
        .endsWith("APPROVED", "DENIED")
        .doesNotContain("EXECUTION_STARTED");
  }

  @Test
  void given_an_action_awaiting_approval_when_the_policy_now_needs_a_manager_then_it_waits_for_one_before_executing()
      throws Exception {
    String orderId = newOrder("120.00");
    String actionId = awaitingApproval(refundBody(orderId, "89.50"));
    String managersOnly =
        original.replace(
            "        - {roles: [SUPERVISOR], sla: PT4H}\n        - {roles: [MANAGER], sla: PT8H}\n"
                + "      approvers: 1\n      onTimeout: expire\n\n  - id: refund-large",
            "        - {roles: [MANAGER], sla: PT8H}\n"
                + "      approvers: 1\n      onTimeout: expire\n\n  - id: refund-large");
    assertThat(managersOnly).as("the default policy's refund tiers moved; update this test").isNotEqualTo(original);
    assertThat(putPolicy(managersOnly).statusCode()).isEqualTo(200);

    assertThat(service.post("/actions/" + actionId + "/approve", "dev-bob", "{}").statusCode()).isEqualTo(200);
    JsonNode rewaiting = awaitEvent(actionId, "POLICY_RECHECKED");
    HttpResponse<String> supervisorAgain = service.post("/actions/" + actionId + "/approve", "dev-alice", "{}");
    HttpResponse<String> manager = service.post("/actions/" + actionId + "/approve", "dev-maria", "{}");

    assertThat(rewaiting.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(rewaiting.at("/approval/roles").toString()).isEqualTo("[\"MANAGER\"]");
    assertThat(supervisorAgain.statusCode()).isEqualTo(403);
    assertThat(manager.statusCode()).isEqualTo(200);
    service.awaitStatus(actionId, "SUCCEEDED");
    assertThat(refunds(orderId)).containsExactly(new BigDecimal("89.50"));
  }

  private static final String FREEZE_REFUNDS =
      """

        - id: refunds-frozen
          description: no refunds while the books are audited
          when: action.type == "refund"
          effect: deny
          reason: refunds are frozen during the audit
      """;

  // ------------------------------------------------------------------ helpers

  private JsonNode policy() throws Exception {
    HttpResponse<String> response =
        service.send(HttpRequest.newBuilder(service.api("/policy")).header("Authorization", "Bearer dev-paul").GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> putPolicy(String document) throws Exception {
    return service.send(HttpRequest.newBuilder(service.api("/policy"))
        .header("Authorization", "Bearer dev-paul")
        .header("Content-Type", "application/yaml")
        .PUT(HttpRequest.BodyPublishers.ofString(document)));
  }

  /** The policy with one more rule at the end of its rules list, which the permissions follow. */
  private static String withRefundsFrozen(String document) {
    int permissions = document.indexOf("\npermissions:");
    assertThat(permissions).as("the policy has a permissions block after its rules").isPositive();
    return document.substring(0, permissions) + FREEZE_REFUNDS + document.substring(permissions);
  }

  private String awaitingApproval(String body) throws Exception {
    String actionId = JSON.readTree(service.post("/actions", "dev-chat", body).body()).get("actionId").asText();
    assertThat(service.post("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    return service.awaitStatus(actionId, "AWAITING_APPROVAL").get("actionId").asText();
  }

  private static String refundBody(String orderId, String amount) {
    return LiveService.aiRefundBody(
        "policy-e2e-" + UUID.randomUUID(), orderId, amount, "C-" + UUID.randomUUID().toString().substring(0, 8), "conv-policy");
  }

  private String newOrder(String paid) {
    return LiveService.newOrder("POL-", "C-42", "PAID", paid);
  }

  private List<BigDecimal> refunds(String orderId) {
    return LiveService.STORE.queryForList("SELECT amount FROM sample_store.refunds WHERE order_id = ?", BigDecimal.class, orderId);
  }

  private JsonNode awaitEvent(String actionId, String type) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (!jdbc.queryForList("SELECT event_type FROM governed.audit_event WHERE action_id = ?", String.class, actionId)
        .contains(type)) {
      assertThat(Instant.now()).as("no %s event for %s", type, actionId).isBefore(deadline);
      Thread.sleep(100);
    }
    return service.action(actionId);
  }
}

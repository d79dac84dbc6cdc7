package com.governedactions.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.api.action.ActionService;
import com.governedactions.e2e.LiveService;
import com.governedactions.policy.PolicyVersion;
import com.governedactions.policy.PolicyVersionStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Slack approvals against the assembled service, with WireMock standing in for Slack's Web API and
 * response_url. Interactions are signed here the way Slack signs them.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SlackApprovalsIT {
  private static final int HTTP_PORT = freePort();
  private static final String TOKEN = "xoxb-test-token-never-logged";
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String CHANNEL = "C-APPROVALS";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final WireMockServer SLACK = startSlack();

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired JdbcTemplate jdbc;
  /** The sample store is another system, outside governed_app's rights: the test reaches it as its owner. */
  private final JdbcTemplate store = new JdbcTemplate(new org.springframework.jdbc.datasource.SimpleDriverDataSource(
      new org.postgresql.Driver(),
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"), "postgres", ""));
  @Autowired PlatformTransactionManager transactions;
  @Autowired ActionService actions;
  @Autowired SlackClient slackClient;
  @Autowired ApprovalFacts facts;
  @Autowired SlackProperties slackProperties;
  @Autowired PolicyVersionStore policies;
  /** The policy active before this test; null when the test's own policy already was. */
  private PolicyVersion before;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
    registry.add("governed.policy.file", () -> "classpath:slack-test-policy.yaml");
    registry.add("governed.slack.enabled", () -> "true");
    registry.add("governed.slack.api-base-url", () -> SLACK.baseUrl() + "/api");
    registry.add("governed.slack.bot-token", () -> TOKEN);
    registry.add("governed.slack.signing-secret", () -> SECRET);
    registry.add("governed.slack.channel", () -> CHANNEL);
    registry.add("governed.slack.response-url-prefix", () -> SLACK.baseUrl() + "/hooks/");
    registry.add("governed.slack.poll-interval", () -> "200ms");
    registry.add("governed.slack.users.U-ALICE", () -> "alice");
    registry.add("governed.slack.users.U-BOB", () -> "bob");
    registry.add("governed.slack.users.U-SAM", () -> "sam");
  }

  private static WireMockServer startSlack() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    server.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"1700000000.000100\"}")));
    server.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
    server.stubFor(post(urlPathEqualTo("/hooks/respond")).willReturn(aResponse().withBody("ok")));
    return server;
  }

  /**
   * The policy lives in the database now: governed.policy.file only seeds an empty store, and an
   * earlier test class may have left another version active. Activate this test's policy (its
   * 3-second tier drives the breach tests) and put the previous one back afterwards.
   */
  @BeforeEach
  void activateTheSlackTestPolicy() throws IOException {
    String document;
    try (var in = getClass().getResourceAsStream("/slack-test-policy.yaml")) {
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    PolicyVersion active = policies.active().orElse(null);
    if (active == null || !document.equals(active.document())) {
      before = active;
      policies.add(document, "yaml", "slack-it", false);
    }
  }

  @AfterEach
  void restoreThePolicy() {
    if (before != null) {
      policies.add(before.document(), before.format(), "slack-it", false);
    }
  }

  @AfterAll
  static void stopSlack() {
    SLACK.stop();
  }

  // ------------------------------------------------------------------ notifications

  @Test
  void given_refundAwaitingApproval_when_notifierRuns_then_oneBlockKitMessageWithEverythingAnApproverNeeds()
      throws Exception {
    String orderId = newOrder("120.00");
    String actionId = awaitingApproval(refundBody(orderId, "89.50"));

    LoggedRequest posted = awaitPosts(actionId, 1).get(0);

    assertThat(posted.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    JsonNode message = JSON.readTree(posted.getBodyAsString());
    assertThat(message.get("channel").asText()).isEqualTo(CHANNEL);
    String blocks = message.get("blocks").toString();
    assertThat(message.get("text").asText()).contains("Refund USD 89.50 to order " + orderId);
    assertThat(blocks).contains("support-bot (ai) via chat-backend");
    assertThat(blocks).contains("refund-medium-approval").doesNotContain("refund-medium-confirm");
    long deadline = actions.state(actionId).approval().deadline().getEpochSecond();
    assertThat(blocks).contains("<!date^" + deadline + "^").contains("tier 1 of 2: SUPERVISOR");
    JsonNode buttons = message.at("/blocks/3/elements");
    assertThat(buttons.findValuesAsText("action_id")).containsExactly("approve", "reject");
    assertThat(buttons.findValuesAsText("value")).containsOnly(actionId);

    Thread.sleep(1000); // several more polls
    assertThat(postsFor(actionId)).hasSize(1);
    assertThat(jdbc.queryForObject(
            "SELECT outcome || ' ' || message_ts FROM governed.slack_notice WHERE action_id = ?", String.class, actionId))
        .isEqualTo("posted 1700000000.000100");
  }

  @Test
  void given_moreNotifierProcessesAndARestart_when_theyPollTogether_then_eachEventIsPostedOnce() throws Exception {
    List<String> actionIds = List.of(
        awaitingApproval(refundBody(newOrder("120.00"), "60.00")),
        awaitingApproval(refundBody(newOrder("120.00"), "70.00")),
        awaitingApproval(refundBody(newOrder("120.00"), "80.00")));
    // Two more notifiers, as in two more processes (or one restarted), next to the running one.
    SlackNotifier second = new SlackNotifier(jdbc, transactions, actions, slackClient, facts, slackProperties);
    SlackNotifier third = new SlackNotifier(jdbc, transactions, actions, slackClient, facts, slackProperties);
    for (int i = 0; i < 5; i++) {
      CompletableFuture.allOf(CompletableFuture.runAsync(second::pollOnce), CompletableFuture.runAsync(third::pollOnce)).join();
    }

    for (String actionId : actionIds) {
      awaitPosts(actionId, 1);
    }
    Thread.sleep(1000);
    for (String actionId : actionIds) {
      assertThat(postsFor(actionId)).as(actionId).hasSize(1);
    }
  }

  @Test
  void given_tierSlaBreached_when_notifierRuns_then_aBreachMessageAsksTheNextTier() throws Exception {
    String orderId = newOrder("120.00");
    HttpResponse<String> created = postJson("/actions", "dev-chat", """
        {"requestId":"slack-%s","type":"apply_discount","params":{"orderId":"%s","amount":"50.00","currency":"USD"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"%s"},"conversationId":"conv-s","channel":"chat"}"""
        .formatted(UUID.randomUUID(), orderId, freshCustomer()));
    String actionId = JSON.readTree(created.body()).get("actionId").asText();

    List<LoggedRequest> posts = awaitPosts(actionId, 2);

    JsonNode breach = JSON.readTree(posts.get(1).getBodyAsString());
    assertThat(breach.get("text").asText()).startsWith("Approval SLA breached, escalated");
    assertThat(breach.get("blocks").toString()).contains("tier 2 of 2: MANAGER").contains("\"action_id\":\"approve\"");
    Thread.sleep(1000);
    assertThat(postsFor(actionId)).as("the next tier's request is announced by the breach message").hasSize(2);
    assertThat(jdbc.queryForList("SELECT outcome FROM governed.slack_notice WHERE action_id = ? ORDER BY seq",
        String.class, actionId)).containsExactly("posted", "posted", "skipped: announced by the SLA breach notice");
  }

  // ------------------------------------------------------------------ message lifecycle

  @Test
  void given_postedMessage_when_approvedOverRest_then_updatedOnceWithWhoDecidedAndNoButtons() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    awaitPosts(actionId, 1);

    assertThat(postJson("/actions/" + actionId + "/approve", "dev-bob", "{}").statusCode()).isEqualTo(200);

    JsonNode update = JSON.readTree(awaitUpdates(actionId, 1).get(0).getBodyAsString());
    assertThat(update.get("channel").asText()).isEqualTo(CHANNEL);
    assertThat(update.get("ts").asText()).isEqualTo("1700000000.000100");
    assertThat(update.get("text").asText()).startsWith("Approved by bob: Refund USD 89.50");
    assertThat(update.get("blocks").toString()).doesNotContain("\"action_id\":\"approve\"");
    awaitStatus(actionId, "SUCCEEDED");
    Thread.sleep(1000); // several more polls, which see APPROVED and SUCCEEDED again
    assertThat(updatesFor(actionId)).hasSize(1);
    assertThat(jdbc.queryForList("SELECT closed_outcome FROM governed.slack_notice WHERE action_id = ? AND closed_at IS NOT NULL",
        String.class, actionId)).containsExactly("Approved by bob");
  }

  @Test
  void given_postedMessage_when_rejectedOverRest_then_updatedOnceWithTheRejecter() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    awaitPosts(actionId, 1);

    assertThat(postJson("/actions/" + actionId + "/reject", "dev-alice", "{\"reason\":\"no receipt\"}").statusCode())
        .isEqualTo(200);

    JsonNode update = JSON.readTree(awaitUpdates(actionId, 1).get(0).getBodyAsString());
    assertThat(update.get("text").asText()).startsWith("Rejected by alice");
    assertThat(update.get("blocks").toString()).contains("the action is now REJECTED").doesNotContain("\"action_id\"");
    Thread.sleep(1000);
    assertThat(updatesFor(actionId)).hasSize(1);
  }

  @Test
  void given_postedMessage_when_cancelledByTheRequester_then_updatedOnce() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    awaitPosts(actionId, 1);

    HttpResponse<String> cancelled = postJson("/actions/" + actionId + "/cancel", "dev-chat", "{\"reason\":\"customer changed their mind\"}");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    JsonNode update = JSON.readTree(awaitUpdates(actionId, 1).get(0).getBodyAsString());
    assertThat(update.get("text").asText()).startsWith("Cancelled by chat-backend");
    Thread.sleep(1000);
    assertThat(updatesFor(actionId)).hasSize(1);
  }

  @Test
  void given_requestAndBreachMessages_when_theManagerApprovesOverRest_then_bothUpdatedOnce() throws Exception {
    String orderId = newOrder("120.00");
    HttpResponse<String> created = postJson("/actions", "dev-chat", """
        {"requestId":"slack-%s","type":"apply_discount","params":{"orderId":"%s","amount":"50.00","currency":"USD"},
         "actor":{"type":"ai","id":"support-bot"},"customer":{"id":"%s"},"conversationId":"conv-s","channel":"chat"}"""
        .formatted(UUID.randomUUID(), orderId, freshCustomer()));
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    awaitPosts(actionId, 2);
    Thread.sleep(500); // the breach's notice is sent: nothing new to wait for

    assertThat(postJson("/actions/" + actionId + "/approve", "dev-maria", "{}").statusCode()).isEqualTo(200);

    List<LoggedRequest> updates = awaitUpdates(actionId, 2);
    for (LoggedRequest update : updates) {
      assertThat(JSON.readTree(update.getBodyAsString()).get("text").asText()).startsWith("Approved by maria");
    }
    Thread.sleep(1000);
    assertThat(updatesFor(actionId)).hasSize(2);
    assertThat(jdbc.queryForObject(
            "SELECT count(*) FROM governed.slack_notice WHERE action_id = ? AND message_ts IS NOT NULL AND closed_at IS NULL",
            Integer.class, actionId))
        .isZero();
  }

  @Test
  void given_postedMessage_when_approvedByItsButton_then_theNotifierDoesNotUpdateItAgain() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    awaitPosts(actionId, 1);
    Thread.sleep(500); // the notice row is committed with its message_ts

    assertThat(interact(payload("U-BOB", "approve", actionId), Instant.now()).statusCode()).isEqualTo(200);

    awaitStatus(actionId, "SUCCEEDED");
    Thread.sleep(1500); // the notifier has seen APPROVED and SUCCEEDED
    List<LoggedRequest> updates = updatesFor(actionId);
    assertThat(updates).hasSize(1);
    assertThat(JSON.readTree(updates.get(0).getBodyAsString()).get("text").asText()).startsWith("Approved by bob");
  }

  // ------------------------------------------------------------------ interactions

  @Test
  void given_signedApproveFromAMappedSupervisor_when_posted_then_approvedThroughTheSamePathAndMessageUpdated()
      throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));

    HttpResponse<String> response = interact(payload("U-BOB", "approve", actionId), Instant.now());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    awaitStatus(actionId, "SUCCEEDED");
    assertThat(jdbc.queryForObject(
            "SELECT decided_by FROM governed.audit_event WHERE action_id = ? AND event_type = 'APPROVED'", String.class, actionId))
        .isEqualTo("bob");
    LoggedRequest update = SLACK.findAll(postRequestedFor(urlEqualTo("/api/chat.update"))
            .withRequestBody(containing(actionId))).get(0);
    JsonNode body = JSON.readTree(update.getBodyAsString());
    assertThat(body.get("ts").asText()).isEqualTo("1700000000.000100");
    assertThat(body.get("channel").asText()).isEqualTo(CHANNEL);
    assertThat(body.get("text").asText()).startsWith("Approved by bob");
    assertThat(body.get("blocks").toString()).doesNotContain("\"action_id\":\"approve\"");
  }

  @Test
  void given_signedRejectFromAMappedSupervisor_when_posted_then_rejected() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));

    assertThat(interact(payload("U-BOB", "reject", actionId), Instant.now()).statusCode()).isEqualTo(200);

    assertThat(actions.state(actionId).status().name()).isEqualTo("REJECTED");
    assertThat(jdbc.queryForObject(
            "SELECT decided_by FROM governed.audit_event WHERE action_id = ? AND event_type = 'REJECTED'", String.class, actionId))
        .isEqualTo("bob");
  }

  @Test
  void given_badSignature_when_posted_then_401AndNothingChanges() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    int events = auditEvents(actionId).size();
    String body = payload("U-BOB", "approve", actionId);
    String timestamp = String.valueOf(Instant.now().getEpochSecond());

    HttpResponse<String> forged = send(HttpRequest.newBuilder(api("/slack/interactions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", timestamp)
        .header("X-Slack-Signature", sign("not-the-secret", timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    HttpResponse<String> unsigned = send(HttpRequest.newBuilder(api("/slack/interactions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("signature does not match");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertUnchanged(actionId, events);
  }

  @Test
  void given_timestampSixMinutesOld_when_posted_then_401AndNothingChanges() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    int events = auditEvents(actionId).size();

    HttpResponse<String> old = interact(payload("U-BOB", "approve", actionId), Instant.now().minusSeconds(360));

    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(old.body()).contains("more than 5 minutes off");
    assertUnchanged(actionId, events);
  }

  @Test
  void given_anInteractionAlreadyHandled_when_replayed_then_ignoredAndNothingChanges() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    String body = payload("U-SAM", "approve", actionId);
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String signature = sign(SECRET, timestamp, body);

    HttpResponse<String> first = interact(body, timestamp, signature);
    int events = auditEvents(actionId).size();
    HttpResponse<String> replay = interact(body, timestamp, signature);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("replayed");
    assertUnchanged(actionId, events);
    assertThat(auditEvents(actionId)).filteredOn("INPUT_REFUSED"::equals).hasSize(1);
  }

  @Test
  void given_unmappedSlackUser_when_approving_then_toldWhyAndNothingChanges() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));
    int events = auditEvents(actionId).size();

    HttpResponse<String> response = interact(payload("U-STRANGER", "approve", actionId), Instant.now());

    assertThat(response.statusCode()).isEqualTo(200);
    assertUnchanged(actionId, events);
    assertThat(ephemeralRepliesContaining("U-STRANGER is not linked")).isNotEmpty();
  }

  @Test
  void given_mappedUserWithoutTheRole_when_approving_then_refusedLikeOverRest() throws Exception {
    String actionId = awaitingApproval(refundBody(newOrder("120.00"), "89.50"));

    HttpResponse<String> response = interact(payload("U-SAM", "approve", actionId), Instant.now());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(actions.state(actionId).status().name()).isEqualTo("AWAITING_APPROVAL");
    assertThat(jdbc.queryForObject(
            "SELECT decided_by FROM governed.audit_event WHERE action_id = ? AND event_type = 'INPUT_REFUSED'", String.class, actionId))
        .isEqualTo("sam");
    assertThat(ephemeralRepliesContaining("Refused, nothing was changed")).isNotEmpty();
  }

  @Test
  void given_requesterApprovingTheirOwnAction_when_approving_then_refused() throws Exception {
    String orderId = newOrder("120.00");
    String body = refundBody(orderId, "89.50").replace("{\"type\":\"ai\",\"id\":\"support-bot\"}", "{\"type\":\"human\"}");
    String actionId = JSON.readTree(postJson("/actions", "dev-alice", body).body()).get("actionId").asText();
    postJson("/actions/" + actionId + "/confirm", "dev-alice", "{}");
    awaitStatus(actionId, "AWAITING_APPROVAL");

    interact(payload("U-ALICE", "approve", actionId), Instant.now());

    assertThat(actions.state(actionId).status().name()).isEqualTo("AWAITING_APPROVAL");
    assertThat(auditEvents(actionId)).contains("INPUT_REFUSED").doesNotContain("APPROVED");
    assertThat(ephemeralRepliesContaining("requested this action")).isNotEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private void assertUnchanged(String actionId, int events) throws Exception {
    Thread.sleep(300);
    assertThat(actions.state(actionId).status().name()).isEqualTo("AWAITING_APPROVAL");
    assertThat(auditEvents(actionId)).hasSize(events);
  }

  private List<LoggedRequest> ephemeralRepliesContaining(String text) {
    return SLACK.findAll(postRequestedFor(urlPathEqualTo("/hooks/respond"))
        .withRequestBody(matchingJsonPath("$.response_type", equalTo("ephemeral")))
        .withRequestBody(containing(text)));
  }

  private String payload(String slackUser, String kind, String actionId) throws Exception {
    String json = JSON.writeValueAsString(JSON.createObjectNode()
        .put("type", "block_actions")
        .put("response_url", SLACK.baseUrl() + "/hooks/respond")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("user", JSON.createObjectNode().put("id", slackUser))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("channel", JSON.createObjectNode().put("id", CHANNEL))
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("message", JSON.createObjectNode().put("ts", "1700000000.000100"))
        .set("actions", JSON.createArrayNode().add(JSON.createObjectNode()
            .put("action_id", kind).put("block_id", "decision").put("value", actionId).put("type", "button"))));
    return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> interact(String body, Instant at) throws Exception {
    String timestamp = String.valueOf(at.getEpochSecond());
    return interact(body, timestamp, sign(SECRET, timestamp, body));
  }

  private HttpResponse<String> interact(String body, String timestamp, String signature) throws Exception {
    return send(HttpRequest.newBuilder(api("/slack/interactions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", timestamp)
        .header("X-Slack-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Computed here independently of the service's code, as Slack documents it. */
  private static String sign(String secret, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
  }

  private List<LoggedRequest> postsFor(String actionId) {
    return SLACK.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing(actionId)));
  }

  private List<LoggedRequest> updatesFor(String actionId) {
    return SLACK.findAll(postRequestedFor(urlEqualTo("/api/chat.update")).withRequestBody(containing(actionId)));
  }

  private List<LoggedRequest> awaitUpdates(String actionId, int count) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    List<LoggedRequest> updates = updatesFor(actionId);
    while (updates.size() < count) {
      assertThat(Instant.now()).as("%d Slack update(s) for %s", count, actionId).isBefore(deadline);
      Thread.sleep(100);
      updates = updatesFor(actionId);
    }
    return updates;
  }

  private List<LoggedRequest> awaitPosts(String actionId, int count) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    List<LoggedRequest> posts = postsFor(actionId);
    while (posts.size() < count) {
      assertThat(Instant.now()).as("%d Slack message(s) for %s", count, actionId).isBefore(deadline);
      Thread.sleep(100);
      posts = postsFor(actionId);
    }
    return posts;
  }

  private String awaitingApproval(String body) throws Exception {
    HttpResponse<String> created = postJson("/actions", "dev-chat", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String actionId = JSON.readTree(created.body()).get("actionId").asText();
    assertThat(postJson("/actions/" + actionId + "/confirm", "dev-chat", "{}").statusCode()).isEqualTo(200);
    awaitStatus(actionId, "AWAITING_APPROVAL");
    return actionId;
  }

  private void awaitStatus(String actionId, String status) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (!actions.state(actionId).status().name().equals(status)) {
      assertThat(Instant.now()).as("%s waiting for %s", actionId, status).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static String refundBody(String orderId, String amount) {
    return """
        {"requestId":"slack-%s","type":"refund",
         "params":{"orderId":"%s","amount":"%s","currency":"USD","reason":"damaged"},
         "actor":{"type":"ai","id":"support-bot"},
         "customer":{"id":"%s","segment":"vip","verification":"otp"},
         "conversationId":"conv-s","channel":"chat"}"""
        .formatted(UUID.randomUUID(), orderId, amount, freshCustomer());
  }

  private static String freshCustomer() {
    return "C-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String newOrder(String paid) {
    String orderId = "SLK-" + UUID.randomUUID().toString().substring(0, 13);
    store.update(
        """
        INSERT INTO sample_store.orders (order_id, customer_id, status, currency, paid_amount,
                                         address_line1, address_city, address_postal_code, address_country)
        VALUES (?, 'C-42', 'PAID', 'USD', ?, '1 Test Street', 'Springfield', '12345', 'US')""",
        orderId, new BigDecimal(paid));
    return orderId;
  }

  private List<String> auditEvents(String actionId) {
    return jdbc.queryForList(
        "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId);
  }

  private HttpResponse<String> postJson(String path, String token, String body) throws Exception {
    return send(HttpRequest.newBuilder(api(path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI api(String path) {
    return URI.create("http://localhost:" + HTTP_PORT + "/api/v1" + path);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}

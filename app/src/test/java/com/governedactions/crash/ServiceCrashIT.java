package com.governedactions.crash;

import static com.governedactions.crash.CrashFixtures.ALICE_TOKEN;
import static com.governedactions.crash.CrashFixtures.CHAT_TOKEN;
import static com.governedactions.crash.CrashFixtures.JVM_START;
import static com.governedactions.crash.CrashFixtures.action;
import static com.governedactions.crash.CrashFixtures.aiRefund;
import static com.governedactions.crash.CrashFixtures.assertAuditWrittenOnce;
import static com.governedactions.crash.CrashFixtures.assertOneRefund;
import static com.governedactions.crash.CrashFixtures.killHard;
import static com.governedactions.crash.CrashFixtures.newOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.devserver.TemporalDevServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-command service (GovernedActionsApplication: API, worker and sample store in one JVM)
 * on the crash suite's real Temporal dev server, while a refund waits for a supervisor: first the
 * service JVM is killed with kill -9 and started again, then the Temporal server is killed with
 * kill -9 and started again on the same SQLite file while the service stays up and has to find it
 * again by itself. Either way the action still waits for its approval, everywhere a person looks
 * for it, and the approval then refunds exactly once, each audit event written once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceCrashIT {
  @RegisterExtension static final LogTails LOGS = new LogTails();

  private static final Path DIR = CrashTemporal.LOGS.resolve("service-crash");
  private static final Duration STATE_CHANGE = Duration.ofSeconds(30);
  /**
   * After a restart of either side: the worker's pollers find the server again (the SDK retries a
   * failed poll with a backoff of at most 1 min for "unavailable", and gRPC reconnects), and a
   * workflow task sent to a dead worker's sticky queue moves to the normal queue after the sticky
   * schedule-to-start timeout (5 s).
   */
  private static final Duration AFTER_RESTART = Duration.ofSeconds(90);
  private static final Duration TEMPORAL_DOWN = Duration.ofSeconds(8);
  private static final String[] APPROVED_REFUND_TRAIL = {"REQUESTED", "CONFIRMATION_REQUESTED", "CONFIRMED",
      "APPROVAL_REQUESTED", "APPROVED", "EXECUTION_STARTED", "STEP_SUCCEEDED", "SUCCEEDED"};

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private TemporalDevServer temporal;
  private int port;
  private ServiceHttp http;
  private ChildJvm service;
  private int servicesStarted;

  @BeforeAll
  void start() {
    temporal = CrashTemporal.running();
    LOGS.watch(temporal);
    port = TemporalDevServer.freePort();
    http = new ServiceHttp(port);
  }

  @BeforeEach
  void serviceRunning() {
    temporal = CrashTemporal.running();
    LOGS.watch(temporal);
    if (service == null || !service.isAlive()) {
      service = startService();
    }
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.kill();
    }
  }

  @Test
  void given_refundAwaitingApproval_when_serviceKilledAndRestarted_then_stillAwaitingAndApprovalRefundsOnce() {
    Refund refund = refundAwaitingApproval("crash-s-" + run);

    long killed = System.nanoTime();
    killHard(service);
    service = startService();

    assertAwaitingApprovalEverywhere(refund, "after the service JVM was killed and restarted");
    Duration back = Duration.ofNanos(System.nanoTime() - killed);
    approveAndAssertRefundedOnce(refund, "approved after a service crash");
    System.out.printf("ServiceCrashIT: service killed, action answered AWAITING_APPROVAL again %.1fs later;"
        + " SUCCEEDED %.1fs after the kill%n", back.toMillis() / 1e3, (System.nanoTime() - killed) / 1e9);
  }

  @Test
  void given_refundAwaitingApproval_when_temporalKilledAndRestarted_then_serviceReconnectsAndApprovalRefundsOnce() {
    Refund refund = refundAwaitingApproval("crash-t-" + run);
    ChildJvm sameService = service;

    long killed = System.nanoTime();
    assertThat(temporal.kill())
        .as("exit code of the Temporal dev server (pid %d): 137 is death by SIGKILL", temporal.pid())
        .isEqualTo(ChildJvm.SIGKILL_EXIT);
    // Down for a while, as when an operator restarts it: the service's pollers and its gRPC
    // channel back off meanwhile, and must still come back by themselves.
    sleep(TEMPORAL_DOWN);
    temporal.restart();
    LOGS.watch(temporal);

    assertAwaitingApprovalEverywhere(refund, "after the Temporal server was killed and restarted");
    Duration back = Duration.ofNanos(System.nanoTime() - killed);
    approveAndAssertRefundedOnce(refund, "approved after a Temporal crash");
    assertThat(service).as("the service JVM that went on running").isSameAs(sameService);
    assertThat(service.isAlive()).as("%s (pid %d) still alive", service.name(), service.pid()).isTrue();
    System.out.printf("ServiceCrashIT: Temporal killed, restarted " + TEMPORAL_DOWN.toSeconds() + "s later; action answered AWAITING_APPROVAL again"
        + " %.1fs later; SUCCEEDED %.1fs after the kill%n", back.toMillis() / 1e3, (System.nanoTime() - killed) / 1e9);
  }

  // ---------------------------------------------------------------- steps

  private record Refund(String actionId, String orderId, String conversationId) {}

  /** A refund of 89.50 that the customer confirms; the bundled policy then wants a supervisor. */
  private Refund refundAwaitingApproval(String requestId) {
    String customer = "C-" + requestId;
    String conversationId = "conv-" + requestId;
    String orderId = newOrder(customer, "120.00");
    String actionId =
        http.post("/api/v1/actions", CHAT_TOKEN, aiRefund(requestId, orderId, "89.50", customer, conversationId))
            .expect(201, "submitting the refund")
            .text("actionId");
    http.post(action(actionId) + "/confirm", CHAT_TOKEN, "{}").expect(200, "confirming the refund");
    awaitStatus(actionId, "AWAITING_APPROVAL", STATE_CHANGE);
    return new Refund(actionId, orderId, conversationId);
  }

  /** GET /actions/{id} (the workflow's own answer), the action list and the approvals queue. */
  private void assertAwaitingApprovalEverywhere(Refund refund, String when) {
    JsonNode state = awaitStatus(refund.actionId(), "AWAITING_APPROVAL", AFTER_RESTART);
    assertThat(state.path("approval").path("roles").toString()).as("who may approve %s", when).contains("SUPERVISOR");

    JsonNode listed = http.get("/api/v1/actions?conversationId=" + encoded(refund.conversationId()), ALICE_TOKEN)
        .expect(200, "listing the conversation's actions " + when).body().path("items");
    assertThat(listed).as("the conversation's actions %s: %s", when, listed).hasSize(1);
    assertThat(listed.get(0).path("actionId").asText()).isEqualTo(refund.actionId());
    assertThat(listed.get(0).path("status").asText()).as("listed status %s", when).isEqualTo("AWAITING_APPROVAL");

    JsonNode pending = pendingApproval(refund.actionId());
    assertThat(pending).as("%s in GET /api/v1/approvals?status=pending %s", refund.actionId(), when).isNotNull();
    assertThat(pending.path("roles").toString()).contains("SUPERVISOR");
    assertThat(pending.path("breached").asBoolean()).as("SLA breached %s", when).isFalse();
  }

  private void approveAndAssertRefundedOnce(Refund refund, String comment) {
    JsonNode approved = http.post(action(refund.actionId()) + "/approve", ALICE_TOKEN, "{\"comment\": \"" + comment + "\"}")
        .expect(200, "approving " + refund.actionId())
        .body();
    // The answer is the state when the approval was applied: the workflow may not have moved on yet.
    assertThat(approved.path("approval").path("approvals").findValuesAsText("approver"))
        .as("approvals in the answer to the approval: %s", approved)
        .containsExactly("alice");
    awaitStatus(refund.actionId(), "SUCCEEDED", AFTER_RESTART);
    assertOneRefund(http, refund.orderId(), "89.50");
    assertAuditWrittenOnce(refund.actionId(), APPROVED_REFUND_TRAIL);
    assertThat(pendingApproval(refund.actionId())).as("%s left the approvals queue", refund.actionId()).isNull();
  }

  // ---------------------------------------------------------------- helpers

  private ChildJvm startService() {
    servicesStarted++;
    String name = "service-" + servicesStarted;
    ChildJvm started = CrashFixtures.startService(name, temporal, port, true, DIR.resolve(name + ".log"));
    LOGS.watch(name, started.log());
    return started.awaitStarted(JVM_START);
  }

  /** The action's row in the approvals queue, paging through it (oldest first); null when not in it. */
  private JsonNode pendingApproval(String actionId) {
    String cursor = null;
    List<String> pages = new ArrayList<>();
    for (int page = 0; page < 100; page++) {
      String path = "/api/v1/approvals?status=pending&limit=200" + (cursor == null ? "" : "&cursor=" + encoded(cursor));
      JsonNode body = http.get(path, ALICE_TOKEN).expect(200, "reading the approvals queue").body();
      for (JsonNode item : body.path("items")) {
        if (actionId.equals(item.path("actionId").asText())) {
          return item;
        }
      }
      pages.add(path);
      if (body.path("nextCursor").isNull() || body.path("nextCursor").isMissingNode()) {
        return null;
      }
      cursor = body.path("nextCursor").asText();
    }
    throw new AssertionError("the approvals queue has more than 100 pages of 200: " + pages.size() + " read");
  }

  private JsonNode awaitStatus(String actionId, String status, Duration timeout) {
    return Await.until(actionId + " to be " + status, timeout, () -> http.get(action(actionId), ALICE_TOKEN).body(),
        state -> status.equals(state.path("status").asText()));
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

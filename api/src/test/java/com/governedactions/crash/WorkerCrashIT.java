package com.governedactions.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.crash.ServiceHttp.Reply;
import com.governedactions.worker.EmbeddedTemporalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.Driver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The crash test. The worker runs in a JVM of its own against a port-bound Temporal service and is
 * killed with kill -9 at the two moments that matter: while an action waits for a person, and while
 * a connector call waits for its answer after the store already committed. After a restart each
 * action still completes exactly once: one refund in the store, each audit event written once.
 *
 * <p>This JVM holds the Temporal service (real time, no time skipping) and the API with its sample
 * store (no worker); everything uses the real PostgreSQL database {@code test}. Each run makes its
 * own orders and customer, so earlier runs and the seeded demo orders never change the outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerCrashIT {
  private static final String DB_URL = System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test");
  private static final String DB_USER = "postgres";
  private static final String CHAT_TOKEN = "crash-chat-token";
  private static final String ALICE_TOKEN = "crash-alice-token";
  private static final Path LOGS = Path.of("target", "crash-it");

  private static final Duration WORKER_START = Duration.ofSeconds(90);
  private static final Duration STATE_CHANGE = Duration.ofSeconds(30);
  /** The connector activity's 30 s start-to-close timeout, its first retry, and a restart on a busy machine. */
  private static final Duration COMPLETION_AFTER_CRASH = Duration.ofSeconds(90);
  /**
   * The worker's read timeout towards the store (default 10 s), widened so that a slow machine still
   * kills the worker while it waits; still below the connector activity's 30 s start-to-close.
   */
  private static final Duration CONNECTOR_READ_TIMEOUT = Duration.ofSeconds(25);
  /** Longer than the read timeout, so the killed call is certainly still waiting for its answer. */
  private static final Duration STORE_DELAY = Duration.ofSeconds(28);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final JdbcTemplate db = new JdbcTemplate(new SimpleDriverDataSource(new Driver(), DB_URL, DB_USER, ""));

  private EmbeddedTemporalServer temporal;
  private int temporalPort;
  private ConfigurableApplicationContext api;
  private ServiceHttp http;
  private WorkerProcess worker;
  private int workersStarted;

  @BeforeAll
  void startService() {
    temporalPort = freePort();
    // lockTimeSkipping = true: the service keeps wall-clock time, as a real cluster does.
    temporal = EmbeddedTemporalServer.start(temporalPort); // real time, the workflow's search attributes registered
    List<String> apiArgs = new ArrayList<>(commonArgs());
    apiArgs.add("--server.port=0");
    apiArgs.add("--governed.worker.enabled=false");
    api = new SpringApplicationBuilder(GovernedActionsApplication.class).run(apiArgs.toArray(String[]::new));
    http = new ServiceHttp(((WebServerApplicationContext) api).getWebServer().getPort());
    worker = startWorker();
  }

  @BeforeEach
  void workerRunning() {
    if (worker == null || !worker.isAlive()) {
      worker = startWorker();
    }
  }

  /** A fault left armed by a failed test would slow down the next one; the store keeps them in memory. */
  @AfterEach
  void clearStoreFaults() {
    http.delete("/sample-store/_faults").expect(204, "clearing the store's faults");
  }

  @AfterAll
  void stopService() {
    if (worker != null) {
      worker.kill();
    }
    if (api != null) {
      api.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void given_refundAwaitingApproval_when_workerKilledAndRestarted_then_approvalRefundsExactlyOnce() {
    String customer = "C-crash-a-" + run;
    String orderId = newOrder(customer, "120.00");
    String actionId =
        http.post("/api/v1/actions", CHAT_TOKEN, aiRefund("crash-a-" + run, orderId, "89.50", customer))
            .expect(201, "submitting the refund")
            .text("actionId");
    http.post(action(actionId) + "/confirm", CHAT_TOKEN, "{}").expect(200, "confirming the refund");
    awaitStatus(actionId, "AWAITING_APPROVAL", STATE_CHANGE);

    killWorker();
    worker = startWorker();
    http.post(action(actionId) + "/approve", ALICE_TOKEN, "{\"comment\": \"approved after a worker crash\"}")
        .expect(200, "approving the refund with the restarted worker");
    awaitStatus(actionId, "SUCCEEDED", COMPLETION_AFTER_CRASH);

    assertOneRefund(orderId, "89.50");
    assertAuditWrittenOnce(actionId, "REQUESTED", "CONFIRMATION_REQUESTED", "CONFIRMED", "APPROVAL_REQUESTED",
        "APPROVED", "EXECUTION_STARTED", "STEP_SUCCEEDED", "SUCCEEDED");
  }

  @Test
  void given_refundCommittedByTheStore_when_workerKilledBeforeTheAnswer_then_retryReplaysItAndRefundsOnce() {
    String orderId = newOrder("C-crash-b-" + run, "80.00");
    http.post("/sample-store/_faults", null,
            "{\"operation\": \"refunds\", \"delayMs\": " + STORE_DELAY.toMillis() + "}")
        .expect(201, "arming the store to answer a refund " + STORE_DELAY.toSeconds() + "s after committing it");

    long submitted = System.nanoTime();
    // A supervisor's own refund of at most 50 is allowed at once: no person stands between the
    // submission and the connector call.
    String actionId =
        http.post("/api/v1/actions", ALICE_TOKEN, supervisorRefund("crash-b-" + run, orderId, "30.00", "C-crash-b-" + run))
            .expect(201, "submitting the supervisor's refund")
            .text("actionId");
    Await.until("the store to commit the refund of " + actionId, STATE_CHANGE, () -> refunds(orderId),
        refunds -> refunds.size() > 0);
    JsonNode inFlight = state(actionId);
    assertThat(inFlight.path("status").asText()).as("status while the store holds back its answer").isEqualTo("EXECUTING");
    assertThat(inFlight.path("result").isNull()).as("no step outcome yet: %s", inFlight.path("result")).isTrue();

    killWorker();
    Duration sinceSubmit = Duration.ofNanos(System.nanoTime() - submitted);
    assertThat(sinceSubmit)
        .as("the kill must land while the connector still waits for the store's answer")
        .isLessThan(CONNECTOR_READ_TIMEOUT);
    worker = startWorker();
    JsonNode done = awaitStatus(actionId, "SUCCEEDED", COMPLETION_AFTER_CRASH);

    assertThat(done.path("result").path("steps").get(0).path("summary").asText())
        .as("the retried call got the store's stored answer, not a second refund")
        .endsWith("(replayed)");
    assertOneRefund(orderId, "30.00");
    assertAuditWrittenOnce(actionId, "REQUESTED", "AUTO_FIRED", "EXECUTION_STARTED", "STEP_SUCCEEDED", "SUCCEEDED");
  }

  // ---------------------------------------------------------------- the worker process

  private WorkerProcess startWorker() {
    List<String> args = new ArrayList<>(commonArgs());
    args.add("--governed.connectors.sample-store.base-url=" + http.baseUrl() + "/sample-store");
    args.add("--governed.connectors.sample-store.read-timeout=" + CONNECTOR_READ_TIMEOUT.toSeconds() + "s");
    // The one addition to WorkerApplication's own context: see NoStickyWorkflowTasks for why.
    args.add("--spring.main.sources=" + NoStickyWorkflowTasks.class.getName());
    workersStarted++;
    return WorkerProcess.start(LOGS.resolve("worker-" + workersStarted + ".log"), args).awaitStarted(WORKER_START);
  }

  private void killWorker() {
    WorkerProcess dying = worker;
    worker = null;
    assertThat(dying.kill())
        .as("exit code of the worker JVM (pid %d): 137 is death by SIGKILL, without shutdown hooks", dying.pid())
        .isEqualTo(WorkerProcess.SIGKILL_EXIT);
  }

  /** What the API and the worker share: Temporal, the database, and who the principals are. */
  private List<String> commonArgs() {
    return List.of(
        "--governed.temporal.target=127.0.0.1:" + temporalPort,
        "--spring.datasource.url=" + DB_URL,
        "--spring.datasource.username=" + DB_USER,
        "--spring.datasource.password=",
        // The test database is shared with other branches, which may have applied later migrations.
        "--spring.flyway.ignore-migration-patterns=*:missing",
        "--governed.security.tokens." + CHAT_TOKEN + "=chat-backend",
        "--governed.security.tokens." + ALICE_TOKEN + "=alice",
        "--governed.security.principals.chat-backend.human=false",
        "--governed.security.principals.chat-backend.roles=CHAT_BACKEND",
        "--governed.security.principals.alice.human=true",
        "--governed.security.principals.alice.roles=SUPERVISOR");
  }

  // ---------------------------------------------------------------- actions

  private static String aiRefund(String requestId, String orderId, String amount, String customer) {
    return """
        {"requestId": "%s", "type": "refund",
         "params": {"orderId": "%s", "amount": "%s", "currency": "USD", "reason": "damaged"},
         "actor": {"type": "ai", "id": "support-bot"},
         "customer": {"id": "%s", "segment": "standard", "verification": "otp"},
         "conversationId": "conv-%s", "channel": "chat"}
        """.formatted(requestId, orderId, amount, customer, requestId);
  }

  private static String supervisorRefund(String requestId, String orderId, String amount, String customer) {
    return """
        {"requestId": "%s", "type": "refund",
         "params": {"orderId": "%s", "amount": "%s", "currency": "USD", "reason": "damaged"},
         "actor": {"type": "human"},
         "customer": {"id": "%s"},
         "channel": "console"}
        """.formatted(requestId, orderId, amount, customer);
  }

  private static String action(String actionId) {
    return "/api/v1/actions/" + actionId;
  }

  private JsonNode state(String actionId) {
    // Read as a supervisor: a chat backend may read only the actions it submitted itself.
    return http.get(action(actionId), ALICE_TOKEN).expect(200, "reading " + actionId).body();
  }

  private JsonNode awaitStatus(String actionId, String status, Duration timeout) {
    String log = worker == null ? "no worker running" : "worker log: " + worker.log();
    return Await.until(actionId + " to be " + status + " (" + log + ")", timeout,
        () -> http.get(action(actionId), ALICE_TOKEN).body(),
        state -> status.equals(state.path("status").asText()));
  }

  // ---------------------------------------------------------------- the store and the audit trail

  /** A PAID USD order of its own, so no other test or run has refunded from it. */
  private String newOrder(String customer, String paidAmount) {
    String orderId = "CRASH-" + UUID.randomUUID().toString().substring(0, 13);
    db.update("""
        INSERT INTO sample_store.orders (order_id, customer_id, status, currency, paid_amount,
                                         address_line1, address_city, address_postal_code, address_country)
        VALUES (?, ?, 'PAID', 'USD', ?, '1 Crash Lane', 'Springfield', '12345', 'US')""",
        orderId, customer, new BigDecimal(paidAmount));
    return orderId;
  }

  private JsonNode refunds(String orderId) {
    return http.get("/sample-store/orders/" + orderId, null).expect(200, "reading order " + orderId).body().path("refunds");
  }

  private void assertOneRefund(String orderId, String amount) {
    JsonNode refunds = refunds(orderId);
    assertThat(refunds).as("refunds of order %s: %s", orderId, refunds).hasSize(1);
    assertThat(new BigDecimal(refunds.get(0).path("amount").asText())).isEqualByComparingTo(amount);
    assertThat(refunds.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
  }

  /** Every event of the action, in sequence order, exactly once and with no gap in the sequence. */
  private void assertAuditWrittenOnce(String actionId, String... expectedTypes) {
    // The final flush is a local activity that may still run when the state already says SUCCEEDED.
    List<String> types =
        Await.until("the audit trail of " + actionId + " to end with SUCCEEDED", STATE_CHANGE,
            () -> db.queryForList(
                "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId),
            written -> written.contains("SUCCEEDED"));
    List<Integer> seqs =
        db.queryForList("SELECT seq FROM governed.audit_event WHERE action_id = ? ORDER BY seq", Integer.class, actionId);
    assertThat(types).as("audit events of %s", actionId).containsExactly(expectedTypes);
    assertThat(seqs).as("audit sequence of %s", actionId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, expectedTypes.length).boxed().toList());
    assertThat(db.queryForObject("SELECT status FROM governed.action WHERE action_id = ?", String.class, actionId))
        .isEqualTo("SUCCEEDED");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the Temporal service", e);
    }
  }
}

package com.governedactions.crash;

import static com.governedactions.crash.CrashFixtures.ALICE_TOKEN;
import static com.governedactions.crash.CrashFixtures.JVM_START;
import static com.governedactions.crash.CrashFixtures.action;
import static com.governedactions.crash.CrashFixtures.assertAuditWrittenOnce;
import static com.governedactions.crash.CrashFixtures.assertOneRefund;
import static com.governedactions.crash.CrashFixtures.auditTrails;
import static com.governedactions.crash.CrashFixtures.killHard;
import static com.governedactions.crash.CrashFixtures.listStatuses;
import static com.governedactions.crash.CrashFixtures.newOrder;
import static com.governedactions.crash.CrashFixtures.newOrders;
import static com.governedactions.crash.CrashFixtures.refundsByOrder;
import static com.governedactions.crash.CrashFixtures.refunds;
import static com.governedactions.crash.CrashFixtures.supervisorRefund;
import static com.governedactions.crash.CrashFixtures.trailOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.action.ActionIds;
import com.governedactions.crash.ServiceHttp.Reply;
import com.governedactions.devserver.TemporalDevServer;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Worker crashes on the real Temporal server. Two worker JVMs (WorkerApplication) poll {@code
 * governed-actions} of the crash suite's dev server, with sticky execution on as in production;
 * an API-only GovernedActionsApplication JVM serves the API and the sample store. One worker is
 * killed with kill -9 while it holds connector calls whose refunds the store has already committed
 * but not yet answered. Its calls are retried on the other worker after the heartbeat timeout and
 * replay the store's stored answer; its workflows' next tasks, sent to its sticky queue, reach the
 * other worker after the sticky schedule-to-start timeout. Each action still refunds exactly once
 * and writes each audit event once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerCrashIT {
  @RegisterExtension static final LogTails LOGS = new LogTails();

  private static final Path DIR = CrashTemporal.LOGS.resolve("worker-crash");
  private static final int WORKERS = 2;
  private static final Duration STATE_CHANGE = Duration.ofSeconds(30);
  /**
   * The worker's read timeout towards the store (default 10 s), widened so that a slow machine still
   * kills the worker while it waits; below the connector attempt's 2 min start-to-close timeout.
   */
  private static final Duration CONNECTOR_READ_TIMEOUT = Duration.ofSeconds(25);
  /** Longer than the read timeout, so the killed call is certainly still waiting for its answer. */
  private static final Duration STORE_DELAY = Duration.ofSeconds(28);
  /**
   * A killed worker's connector call is retried once its heartbeats stop (10 s heartbeat timeout,
   * then a 1 s first retry); the workflow's next task waits on the dead worker's sticky queue for
   * the sticky schedule-to-start timeout (5 s). A busy machine triples that.
   */
  private static final Duration COMPLETION_AFTER_CRASH = Duration.ofSeconds(60);

  private static final int REFUNDS = 200;
  private static final int SUBMITTERS = 8;
  /** Each of the many refunds is committed at once and answered this much later: all are in flight together. */
  private static final Duration IN_FLIGHT_DELAY = Duration.ofSeconds(8);
  /**
   * How long after the kill all {@value #REFUNDS} refunds must have SUCCEEDED. The longest chain of
   * timeouts a refund of the killed worker goes through is the connector heartbeat timeout (10 s),
   * the first retry (1 s), the store's delay for a call not yet answered ({@link #IN_FLIGHT_DELAY}),
   * the sticky schedule-to-start timeout (5 s) and, for a workflow task the dead worker had
   * started, the workflow task timeout (10 s): 34 s. The rest is the surviving worker catching up
   * on 200 workflows on a shared 2-core machine; measured: see the report printed by the test.
   */
  private static final Duration ALL_SUCCEEDED_AFTER_KILL = Duration.ofSeconds(75);
  private static final Set<String> TERMINAL =
      Set.of("SUCCEEDED", "FAILED", "DENIED", "REJECTED", "CANCELLED", "EXPIRED", "ESCALATED", "REVERSED");

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private TemporalDevServer temporal;
  private ChildJvm api;
  private ServiceHttp http;
  private TemporalHistories histories;
  private final List<ChildJvm> workers = new ArrayList<>();
  private int workersStarted;

  @BeforeAll
  void startService() {
    temporal = CrashTemporal.running();
    LOGS.watch(temporal);
    int port = TemporalDevServer.freePort();
    // 200 refunds held by the store at once each take a request thread of their own, and the API
    // still needs threads to take the submissions.
    api = CrashFixtures.startService("api", temporal, port, false, DIR.resolve("api.log"), "--server.tomcat.threads.max=400");
    LOGS.watch("api", api.log());
    http = new ServiceHttp(port);
    List<ChildJvm> starting = IntStream.range(0, WORKERS).mapToObj(i -> startWorker()).toList();
    api.awaitStarted(JVM_START);
    starting.forEach(worker -> worker.awaitStarted(JVM_START));
    workers.addAll(starting);
    histories = new TemporalHistories(temporal);
  }

  /** Two workers before each test, whatever the test before it killed. */
  @BeforeEach
  void twoWorkersRunning() {
    temporal = CrashTemporal.running();
    LOGS.watch(temporal);
    workers.removeIf(worker -> !worker.isAlive());
    List<ChildJvm> starting = IntStream.range(workers.size(), WORKERS).mapToObj(i -> startWorker()).toList();
    starting.forEach(worker -> worker.awaitStarted(JVM_START));
    workers.addAll(starting);
  }

  /** A fault left armed by a failed test would slow down the next one; the store keeps them in memory. */
  @AfterEach
  void clearStoreFaults() {
    http.delete("/sample-store/_faults").expect(204, "clearing the store's faults");
  }

  @AfterAll
  void stopAll() {
    workers.forEach(ChildJvm::kill);
    if (api != null) {
      api.kill();
    }
    if (histories != null) {
      histories.close();
    }
  }

  /**
   * 200 supervisor's refunds of 20.00 (allowed at once by the bundled policy), each for a customer
   * and an order of its own, submitted 8 at a time. The store commits each refund at once and
   * answers {@link #IN_FLIGHT_DELAY} later. The kill lands once the store has committed half of
   * them: those wait for their answers on both workers, the other half are still being submitted
   * and evaluated, and some workflow tasks are in the middle of being processed.
   */
  @Test
  void given_200AutoAllowedRefundsInFlight_when_oneOfTwoWorkersIsKilled_then_allSucceedOnceWithinTheBound()
      throws InterruptedException {
    List<String> customers = IntStream.range(0, REFUNDS).mapToObj(i -> "C-crash-m-" + run + "-" + i).toList();
    List<String> orderIds = newOrders(customers, "40.00");
    List<String> requestIds = IntStream.range(0, REFUNDS).mapToObj(i -> "crash-m-" + run + "-" + i).toList();
    List<String> actionIds = requestIds.stream().map(ActionIds::actionIdFor).toList();
    http.post("/sample-store/_faults", null,
            "{\"operation\": \"refunds\", \"delayMs\": " + IN_FLIGHT_DELAY.toMillis() + ", \"delayTimes\": " + REFUNDS + "}")
        .expect(201, "arming the store to answer each refund " + IN_FLIGHT_DELAY.toSeconds() + "s after committing it");

    long started = System.nanoTime();
    AtomicInteger repeated = new AtomicInteger();
    ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
    List<Future<String>> submissions = new ArrayList<>();
    try {
      for (int i = 0; i < REFUNDS; i++) {
        String body = supervisorRefund(requestIds.get(i), orderIds.get(i), "20.00", customers.get(i));
        submissions.add(submitters.submit(() -> submit(body, repeated)));
      }
      // The kill lands while the store holds half the refunds committed but unanswered, the other
      // half still being submitted or evaluated.
      Await.until("the store to commit " + REFUNDS / 2 + " of the refunds", STATE_CHANGE,
          () -> refundsByOrder(orderIds).values().stream().filter(refunds -> !refunds.isEmpty()).count(),
          committed -> committed >= REFUNDS / 2);
      Map<String, String> atKill = listStatuses(actionIds);
      ChildJvm victim = workers.get(0);
      killHard(victim);
      long killed = System.nanoTime();
      long succeededAtKill = atKill.values().stream().filter("SUCCEEDED"::equals).count();
      assertThat(succeededAtKill).as("refunds already SUCCEEDED when the worker was killed").isLessThan(REFUNDS);

      List<String> answered = new ArrayList<>();
      for (Future<String> submission : submissions) {
        answered.add(result(submission));
      }
      assertThat(answered).as("action ids the API answered").containsExactlyElementsOf(actionIds);

      Map<String, String> statuses =
          Await.until("all " + REFUNDS + " refunds to end, at most " + ALL_SUCCEEDED_AFTER_KILL.toSeconds()
                  + "s after the kill", ALL_SUCCEEDED_AFTER_KILL.minus(Duration.ofNanos(System.nanoTime() - killed)),
              () -> listStatuses(actionIds),
              now -> now.size() == REFUNDS && now.values().stream().allMatch(TERMINAL::contains));
      Duration afterKill = Duration.ofNanos(System.nanoTime() - killed);
      assertThat(statuses).as("every refund's final status").allSatisfy((id, status) -> assertThat(status).isEqualTo("SUCCEEDED"));
      assertThat(afterKill).as("all SUCCEEDED after the kill within the bound").isLessThanOrEqualTo(ALL_SUCCEEDED_AFTER_KILL);

      assertThat(refundsByOrder(orderIds))
          .as("refunds per order in the store")
          .allSatisfy((order, refunds) -> assertThat(refunds).as("refunds of %s", order).containsExactly("20.00 SUCCEEDED"));
      String once = trailOf("REQUESTED", "AUTO_FIRED", "EXECUTION_STARTED", "STEP_SUCCEEDED", "SUCCEEDED");
      assertThat(auditTrails(actionIds))
          .as("audit trail per action, seq:event")
          .allSatisfy((id, trail) -> assertThat(trail).as("audit trail of %s", id).isEqualTo(once));

      CrashEvidence evidence = CrashEvidence.of(victim, actionIds.stream().map(histories::history).toList());
      System.out.printf("WorkerCrashIT: %d refunds, kill after %.1fs with %d SUCCEEDED and %d in the list;"
              + " all SUCCEEDED %.1fs after the kill (bound %ds); %d submissions repeated after a 503/504; %s%n",
          REFUNDS, (killed - started) / 1e9, succeededAtKill, atKill.size(), afterKill.toMillis() / 1e3,
          ALL_SUCCEEDED_AFTER_KILL.toSeconds(), repeated.get(), evidence);
      assertThat(evidence.retriedCalls())
          .as("connector calls the killed worker held, retried by the other one: %s", evidence)
          .isPositive();
      assertThat(evidence.moved())
          .as("workflows the killed worker had worked on that went on on the other worker: %s", evidence)
          .isPositive();
      assertThat(evidence.stickyTasks())
          .as("workflows with a workflow task on a worker's sticky queue (sticky execution on): %s", evidence)
          .isPositive();
    } finally {
      submitters.shutdownNow();
    }
  }

  @Test
  void given_refundCommittedByTheStore_when_itsWorkerIsKilledBeforeTheAnswer_then_retryReplaysItAndRefundsOnce() {
    String customer = "C-crash-b-" + run;
    String orderId = newOrder(customer, "80.00");
    http.post("/sample-store/_faults", null,
            "{\"operation\": \"refunds\", \"delayMs\": " + STORE_DELAY.toMillis() + "}")
        .expect(201, "arming the store to answer a refund " + STORE_DELAY.toSeconds() + "s after committing it");

    long submitted = System.nanoTime();
    String actionId =
        http.post("/api/v1/actions", ALICE_TOKEN, supervisorRefund("crash-b-" + run, orderId, "30.00", customer))
            .expect(201, "submitting the supervisor's refund")
            .text("actionId");
    Await.until("the store to commit the refund of " + actionId, STATE_CHANGE, () -> refunds(http, orderId),
        refunds -> refunds.size() > 0);
    JsonNode inFlight = state(actionId);
    assertThat(inFlight.path("status").asText()).as("status while the store holds back its answer").isEqualTo("EXECUTING");
    assertThat(inFlight.path("result").isNull()).as("no step outcome yet: %s", inFlight.path("result")).isTrue();

    String holder = Await.until("a worker to hold the connector call of " + actionId, STATE_CHANGE,
        () -> histories.runningActivityWorkers(actionId), running -> !running.isEmpty()).get(0);
    ChildJvm victim = workers.stream().filter(worker -> worker.isTemporalIdentity(holder)).findFirst()
        .orElseThrow(() -> new AssertionError("the connector call runs on " + holder + ", none of the workers "
            + workers.stream().map(w -> w.name() + " pid " + w.pid()).toList()));
    killHard(victim);
    assertThat(Duration.ofNanos(System.nanoTime() - submitted))
        .as("the kill must land while the connector still waits for the store's answer")
        .isLessThan(CONNECTOR_READ_TIMEOUT);

    JsonNode done = awaitStatus(actionId, "SUCCEEDED", COMPLETION_AFTER_CRASH);
    assertThat(done.path("result").path("steps").get(0).path("summary").asText())
        .as("the retried call got the store's stored answer, not a second refund")
        .endsWith("(replayed)");
    assertOneRefund(http, orderId, "30.00");
    assertAuditWrittenOnce(actionId, "REQUESTED", "AUTO_FIRED", "EXECUTION_STARTED", "STEP_SUCCEEDED", "SUCCEEDED");
    HistoryEvent callStarted = histories.history(actionId).stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .findFirst().orElseThrow();
    assertThat(callStarted.getActivityTaskStartedEventAttributes().getAttempt())
        .as("attempt of the call that completed: the second, after the killed worker's")
        .isEqualTo(2);
    assertThat(victim.isTemporalIdentity(callStarted.getActivityTaskStartedEventAttributes().getIdentity()))
        .as("the retry ran on the surviving worker, not on %s", holder)
        .isFalse();
  }

  // ---------------------------------------------------------------- helpers

  private ChildJvm startWorker() {
    workersStarted++;
    String name = "worker-" + workersStarted;
    ChildJvm worker = CrashFixtures.startWorker(name, temporal, http.baseUrl() + "/sample-store",
        CONNECTOR_READ_TIMEOUT, DIR.resolve(name + ".log"));
    LOGS.watch(name, worker.log());
    return worker;
  }

  /**
   * POST /actions as the supervisor; a 503 or 504 (Temporal slow or unreachable for the API's 30 s)
   * is repeated with the same requestId, as the API tells a client to, and counted.
   */
  private String submit(String body, AtomicInteger repeated) {
    Reply reply = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      reply = http.post("/api/v1/actions", ALICE_TOKEN, body);
      if (reply.status() == 201) {
        return reply.text("actionId");
      }
      if (reply.status() != 503 && reply.status() != 504) {
        break;
      }
      repeated.incrementAndGet();
    }
    throw new AssertionError("submitting " + body + ": expected HTTP 201 but got " + reply.status() + " " + reply.body());
  }

  private static String result(Future<String> submission) throws InterruptedException {
    try {
      return submission.get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new AssertionError("a submission failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a submission did not answer within 2 minutes", e);
    }
  }

  private JsonNode state(String actionId) {
    return http.get(action(actionId), ALICE_TOKEN).expect(200, "reading " + actionId).body();
  }

  private JsonNode awaitStatus(String actionId, String status, Duration timeout) {
    return Await.until(actionId + " to be " + status, timeout, () -> http.get(action(actionId), ALICE_TOKEN).body(),
        state -> status.equals(state.path("status").asText()));
  }
}

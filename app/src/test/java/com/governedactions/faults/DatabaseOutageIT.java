package com.governedactions.faults;

import static com.governedactions.e2e.LiveService.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.e2e.LiveService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL refusing every connection for {@value #DEFAULT_OUTAGE_SECONDS} s (override with
 * {@code -Dfaults.outageSeconds}) while refunds keep arriving at concurrency 4 — as
 * {@code ALTER DATABASE ... ALLOW_CONNECTIONS false} plus terminating its backends does. During the
 * outage the API answers 503 problems and health DOWN, quickly; after it, with no restart, every
 * action ends, nothing is lost or doubled in the audit trail, and no refund is paid twice.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DatabaseOutageIT {
  static final int DEFAULT_OUTAGE_SECONDS = 60;
  private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("faults.outageSeconds", DEFAULT_OUTAGE_SECONDS));
  private static final int HTTP_PORT = LiveService.freePort();
  private static final Set<String> TERMINAL =
      Set.of("SUCCEEDED", "FAILED", "DENIED", "ESCALATED", "REJECTED", "EXPIRED", "CANCELLED", "REVERSED");
  /** The database under test, by name, and a connection to another one that stays up. */
  private static final String DB_NAME = LiveService.DB_URL.substring(LiveService.DB_URL.lastIndexOf('/') + 1);
  private static final JdbcTemplate ADMIN = new JdbcTemplate(new SimpleDriverDataSource(
      new org.postgresql.Driver(), LiveService.DB_URL.substring(0, LiveService.DB_URL.lastIndexOf('/') + 1) + "postgres",
      "postgres", ""));

  private final LiveService service = new LiveService(HTTP_PORT, Duration.ofSeconds(40));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  /** Every answer a POST got, per requestId, in the order they came. */
  private final Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();

  @Test
  void given_refundsUnderLoad_when_postgresRefusesConnectionsForAMinute_then_503Meanwhile_and_everyActionEndsOnceAfterwards()
      throws Exception {
    String orderId = LiveService.newOrder("OUT-", "C-out", "PAID", "100000.00");
    for (int i = 0; i < 10; i++) {
      assertThat(submit(orderId)).isEqualTo(201);
    }

    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService load = Executors.newFixedThreadPool(4);
    ConcurrentLinkedQueue<Throwable> loadErrors = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 4; i++) {
      load.submit(() -> {
        while (!stop.get()) {
          try {
            submit(orderId);
          } catch (Exception e) {
            loadErrors.add(e);
          }
        }
      });
    }
    Thread.sleep(2_000);

    Instant cut = Instant.now();
    HttpResponse<String> list;
    HttpResponse<String> health;
    Duration listTook;
    Duration healthTook;
    try {
      ADMIN.execute("ALTER DATABASE \"" + DB_NAME + "\" ALLOW_CONNECTIONS false");
      ADMIN.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()",
          DB_NAME);

      Thread.sleep(1_000);
      Instant asked = Instant.now();
      list = service.send(HttpRequest.newBuilder(service.api("/actions?limit=5")).header("Authorization", "Bearer dev-olivia").GET());
      listTook = Duration.between(asked, Instant.now());
      asked = Instant.now();
      health = service.send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/actuator/health")).GET());
      healthTook = Duration.between(asked, Instant.now());

      assertThat(list.statusCode()).as(list.body()).isEqualTo(503);
      assertThat(list.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
      assertThat(list.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(list.body()).get("type").asText()).endsWith("store-unavailable");
      assertThat(listTook).as("GET /actions during the outage").isLessThan(Duration.ofSeconds(6));
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      assertThat(health.body()).contains("DOWN");
      assertThat(healthTook).as("health during the outage").isLessThan(Duration.ofSeconds(6));

      Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(cut, Instant.now())).toMillis()));
    } finally {
      ADMIN.execute("ALTER DATABASE \"" + DB_NAME + "\" ALLOW_CONNECTIONS true");
    }
    Thread.sleep(3_000);
    stop.set(true);
    load.shutdown();
    assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(loadErrors).as("POSTs that got no HTTP answer at all").isEmpty();

    // The answers: a 201 or 200, a 503 (the database), a 504 (a rule check still waiting for it)
    // — never a 500, and never anything that says the request was wrong.
    List<Integer> all = answers.values().stream().flatMap(List::stream).toList();
    assertThat(all).as("every POST answer").allMatch(code -> Set.of(200, 201, 503, 504).contains(code));
    assertThat(all).as("some POSTs met the outage").contains(503);

    Map<Integer, Long> byCode = new java.util.TreeMap<>(all.stream()
        .collect(java.util.stream.Collectors.groupingBy(code -> code, java.util.stream.Collectors.counting())));
    System.out.printf("DatabaseOutageIT: outage %d s, %d requests, POST answers %s, GET /actions %d in %d ms,"
            + " health %d in %d ms%n", OUTAGE.toSeconds(), answers.size(), byCode, list.statusCode(),
        listTook.toMillis(), health.statusCode(), healthTook.toMillis());

    // Repeat every request whose answer was not a success, as the problems say to.
    for (Map.Entry<String, List<Integer>> entry : answers.entrySet()) {
      if (!entry.getValue().contains(201) && !entry.getValue().contains(200)) {
        assertThat(resend(entry.getKey())).as("repeating %s", entry.getKey()).isIn(200, 201);
      }
    }

    for (String requestId : answers.keySet()) {
      String actionId = "action-" + requestId;
      JsonNode state = awaitTerminal(actionId);
      List<Integer> seqs = LiveService.STORE.queryForList(
          "SELECT seq FROM governed.audit_event WHERE action_id = ? ORDER BY seq", Integer.class, actionId);
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= seqs.size(); i++) {
        expected.add(i);
      }
      assertThat(seqs).as("audit sequence of %s (%s)", actionId, state.get("status")).isEqualTo(expected);
      List<String> types = LiveService.STORE.queryForList(
          "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId);
      assertThat(types.get(0)).isEqualTo("REQUESTED");
      assertThat(types.get(types.size() - 1)).as("last event of %s", actionId).isEqualTo(state.get("status").asText());
      assertThat(LiveService.STORE.queryForObject(
              "SELECT count(*) FROM sample_store.refunds WHERE idempotency_key LIKE ?", Integer.class, actionId + ":%"))
          .as("refunds paid for %s", actionId).isLessThanOrEqualTo(1);
      assertThat(LiveService.STORE.queryForObject(
              "SELECT count(*) FROM governed.action WHERE action_id = ?", Integer.class, actionId))
          .as("list rows of %s", actionId).isEqualTo(1);
    }
  }

  private int submit(String orderId) throws Exception {
    String requestId = "out-" + UUID.randomUUID();
    bodies.put(requestId, """
        {"requestId":"%s","type":"refund","params":{"orderId":"%s","amount":"0.01","currency":"USD"},
         "actor":{"type":"human"},"customer":{"id":"C-%s"},"channel":"console"}"""
        .formatted(requestId, orderId, UUID.randomUUID().toString().substring(0, 8)));
    return resend(requestId);
  }

  private int resend(String requestId) throws Exception {
    Instant sent = Instant.now();
    HttpResponse<String> response;
    try {
      response = service.post("/actions", "dev-alice", bodies.get(requestId));
    } catch (java.net.http.HttpTimeoutException e) {
      System.out.printf("DatabaseOutageIT: POST %s sent at %s got no answer within 40 s%n", requestId, sent);
      throw e;
    }
    answers.computeIfAbsent(requestId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(response.statusCode());
    return response.statusCode();
  }

  private JsonNode awaitTerminal(String actionId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    JsonNode state = service.action(actionId);
    while (!TERMINAL.contains(state.get("status").asText())) {
      assertThat(Instant.now()).as("%s still %s", actionId, state.get("status")).isBefore(deadline);
      Thread.sleep(200);
      state = service.action(actionId);
    }
    return state;
  }
}

package com.governedactions.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.GovernedActionsApplication;
import com.governedactions.e2e.LiveService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A chat backend that retries too eagerly: every request sent three times at once, 1,000 requests
 * (override with {@code -Dfaults.stormRequests}) at concurrency 50, shuffled. Exactly one action per
 * requestId, exactly one 201 among its answers, and at most one refund paid for each.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DuplicateStormIT {
  private static final int REQUESTS = Integer.getInteger("faults.stormRequests", 1_000);
  private static final int COPIES = 3;
  private static final int CONCURRENCY = 50;
  private static final int HTTP_PORT = LiveService.freePort();

  private final LiveService service = new LiveService(HTTP_PORT, Duration.ofSeconds(60));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_everyRequestSentThreeTimesAtOnce_when_theStormHasPassed_then_oneActionAndAtMostOneRefundPerRequest()
      throws Exception {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      orders.add(LiveService.newOrder("STORM-", "C-storm", "PAID", "100000.00"));
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> bodies = new ConcurrentHashMap<>();
    List<String> sends = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String requestId = "storm-" + run + "-" + i;
      bodies.put(requestId, """
          {"requestId":"%s","type":"refund","params":{"orderId":"%s","amount":"0.01","currency":"USD"},
           "actor":{"type":"human"},"customer":{"id":"C-%s-%d"},"channel":"console"}"""
          .formatted(requestId, orders.get(i % orders.size()), run, i));
      for (int copy = 0; copy < COPIES; copy++) {
        sends.add(requestId);
      }
    }
    Collections.shuffle(sends, new java.util.Random(42));

    Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
    Instant started = Instant.now();
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
    List<Future<?>> calls = new ArrayList<>();
    for (String requestId : sends) {
      calls.add(clients.submit(() -> {
        HttpResponse<String> response = service.post("/actions", "dev-alice", bodies.get(requestId));
        answers.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>()).add(response.statusCode());
        return null;
      }));
    }
    for (Future<?> call : calls) {
      call.get();
    }
    clients.shutdown();
    Duration took = Duration.between(started, Instant.now());

    Map<Integer, Long> byCode = new java.util.TreeMap<>(answers.values().stream().flatMap(List::stream)
        .collect(java.util.stream.Collectors.groupingBy(code -> code, java.util.stream.Collectors.counting())));
    System.out.printf("DuplicateStormIT: %d requests x %d copies at concurrency %d in %d s, answers %s%n",
        REQUESTS, COPIES, CONCURRENCY, took.toSeconds(), byCode);
    assertThat(answers).hasSize(REQUESTS);
    answers.forEach((requestId, codes) -> {
      assertThat(codes).as("answers to %s", requestId).hasSize(COPIES);
      assertThat(codes).as("answers to %s", requestId).containsOnly(200, 201);
      assertThat(codes).as("answers to %s", requestId).containsOnlyOnce(201);
    });

    String like = "action-storm-" + run + "-%";
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (LiveService.STORE.queryForObject(
            "SELECT count(*) FROM governed.action WHERE action_id LIKE ? AND status = 'SUCCEEDED'", Integer.class, like)
        < REQUESTS) {
      assertThat(Instant.now()).as("every refund of the storm SUCCEEDED").isBefore(deadline);
      Thread.sleep(500);
    }
    assertThat(LiveService.STORE.queryForObject(
            "SELECT count(*) FROM governed.action WHERE action_id LIKE ?", Integer.class, like))
        .as("actions").isEqualTo(REQUESTS);
    assertThat(LiveService.STORE.queryForObject(
            "SELECT count(*) FROM governed.audit_event WHERE action_id LIKE ? AND event_type = 'REQUESTED'", Integer.class, like))
        .as("REQUESTED events").isEqualTo(REQUESTS);
    assertThat(LiveService.STORE.queryForObject(
            "SELECT count(*) FROM sample_store.refunds WHERE idempotency_key LIKE ?", Integer.class, like))
        .as("refunds paid").isEqualTo(REQUESTS);
    assertThat(LiveService.STORE.queryForList(
            "SELECT split_part(idempotency_key, ':', 1) FROM sample_store.refunds WHERE idempotency_key LIKE ?"
                + " GROUP BY 1 HAVING count(*) > 1", String.class, like))
        .as("actions paid twice").isEmpty();
  }
}

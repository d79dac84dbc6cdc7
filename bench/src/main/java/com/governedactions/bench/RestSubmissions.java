package com.governedactions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionState;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same auto-allowed refunds submitted through {@code POST /api/v1/actions} by a human
 * supervisor's token. The call answers once the rule check is done, while the refund itself still
 * runs; {@link #drain} waits for those before the next phase so they do not load it.
 */
final class RestSubmissions {
  private static final Set<String> AUTO_FIRED_STATUSES = Set.of("EXECUTING", "SUCCEEDED");
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI actions;
  private final String token;
  private final RefundPlan plan;
  private final AtomicInteger sequence;
  private final ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();

  RestSubmissions(HttpClient http, ObjectMapper json, URI baseUrl, String token, RefundPlan plan, AtomicInteger sequence) {
    this.http = http;
    this.json = json;
    this.actions = baseUrl.resolve("/api/v1/actions");
    this.token = token;
    this.plan = plan;
    this.sequence = sequence;
  }

  /** One POST; throws unless it is 201 with the rule check's allow decision. */
  void submit(String requestId) throws IOException, InterruptedException {
    int seq = sequence.getAndIncrement();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", requestId);
    body.put("type", "refund");
    body.put("params", plan.params(seq));
    body.put("actor", Map.of("type", "human"));
    body.put("customer", Map.of("id", plan.customerFor(seq), "segment", "standard", "verification", "otp"));
    body.put("conversationId", plan.conversation());
    body.put("channel", "chat");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(actions)
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("POST " + requestId + " answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode state = json.readTree(response.body());
    String status = state.path("status").asText();
    String effect = state.path("decision").path("effect").asText();
    if (!AUTO_FIRED_STATUSES.contains(status) || !"allow".equals(effect)) {
      throw new IllegalStateException("POST " + requestId + " was not auto-fired: status " + status + ", effect " + effect);
    }
    started.add(state.path("actionId").asText());
  }

  /**
   * Waits until every action submitted so far has finished; returns the failures (an action that
   * did not end SUCCEEDED), which the report counts as errors of the REST phase.
   */
  List<String> drain(WorkflowClient client) {
    List<String> failures = new ArrayList<>();
    for (String actionId = started.poll(); actionId != null; actionId = started.poll()) {
      try {
        ActionState state =
            client.newUntypedWorkflowStub(actionId).getResult(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS, ActionState.class);
        GovernedRefunds.expectAutoFiredSuccess(state);
      } catch (Exception e) {
        failures.add(actionId + ": " + e.getMessage());
      }
    }
    return failures;
  }
}

package com.governedactions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's own timers (Temporal worker and client metrics, Spring MVC's server requests), read
 * from {@code /actuator/metrics} before and after the measured rounds, so the report can say how
 * long the rule check, an audit write or the connector call took inside the service. Needs the
 * service started with {@code --management.endpoints.web.exposure.include=health,metrics}, which
 * run-core.sh does; without it the report says the metrics were not available.
 */
final class ServiceMetrics {
  /** A timer, split by the values of one tag, optionally narrowed to one value of a second tag. */
  record Timer(String metric, String splitBy, String filterTag, String filterValue) {}

  static final List<Timer> TIMERS =
      List.of(
          new Timer("temporal_workflow_task_schedule_to_start_latency", "task_queue", null, null),
          new Timer("temporal_workflow_task_execution_latency", "workflow_type", null, null),
          new Timer("temporal_local_activity_execution_latency", "activity_type", null, null),
          new Timer("temporal_activity_schedule_to_start_latency", "activity_type", null, null),
          new Timer("temporal_activity_execution_latency", "activity_type", null, null),
          new Timer("temporal_workflow_endtoend_latency", "workflow_type", null, null),
          new Timer("temporal_request_latency", "operation", null, null),
          new Timer("http.server.requests", "uri", "method", "POST"));

  /** Count and total seconds of one timer series. */
  record Reading(double count, double totalSeconds) {}

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI metrics;

  ServiceMetrics(HttpClient http, ObjectMapper json, URI baseUrl) {
    this.http = http;
    this.json = json;
    this.metrics = baseUrl.resolve("/actuator/metrics/");
  }

  /** Every series of {@link #TIMERS}, keyed "metric{tag=value}"; empty when metrics are not exposed. */
  Map<String, Reading> snapshot() throws IOException, InterruptedException {
    Map<String, Reading> readings = new LinkedHashMap<>();
    for (Timer timer : TIMERS) {
      String filter = timer.filterTag() == null ? "" : tag(timer.filterTag(), timer.filterValue());
      JsonNode all = get(timer.metric(), filter);
      if (all == null) {
        continue;
      }
      for (String value : tagValues(all, timer.splitBy())) {
        if (value.equals("none")) {
          continue; // the SDK's series without that tag, e.g. poller-level activity timings
        }
        JsonNode series = get(timer.metric(), join(filter, tag(timer.splitBy(), value)));
        if (series != null) {
          readings.put(timer.metric() + "{" + timer.splitBy() + "=" + value + "}", reading(series));
        }
      }
    }
    return readings;
  }

  /** What happened between two snapshots: calls and mean milliseconds per series that moved. */
  static Map<String, double[]> delta(Map<String, Reading> before, Map<String, Reading> after) {
    Map<String, double[]> moved = new LinkedHashMap<>();
    after.forEach(
        (series, now) -> {
          Reading then = before.getOrDefault(series, new Reading(0, 0));
          double calls = now.count() - then.count();
          if (calls > 0) {
            moved.put(series, new double[] {calls, (now.totalSeconds() - then.totalSeconds()) * 1000 / calls});
          }
        });
    return moved;
  }

  private JsonNode get(String metric, String query) throws IOException, InterruptedException {
    URI uri = metrics.resolve(metric + (query.isEmpty() ? "" : "?" + query));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? json.readTree(response.body()) : null;
  }

  private static List<String> tagValues(JsonNode metric, String tag) {
    List<String> values = new ArrayList<>();
    for (JsonNode available : metric.path("availableTags")) {
      if (tag.equals(available.path("tag").asText())) {
        available.path("values").forEach(v -> values.add(v.asText()));
      }
    }
    return values;
  }

  private static Reading reading(JsonNode series) {
    double count = 0, total = 0;
    for (JsonNode m : series.path("measurements")) {
      switch (m.path("statistic").asText()) {
        case "COUNT" -> count = m.path("value").asDouble();
        case "TOTAL_TIME" -> total = m.path("value").asDouble();
        default -> {}
      }
    }
    return new Reading(count, total);
  }

  private static String tag(String key, String value) {
    return "tag=" + URLEncoder.encode(key + ":" + value, StandardCharsets.UTF_8);
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "&" + b;
  }
}

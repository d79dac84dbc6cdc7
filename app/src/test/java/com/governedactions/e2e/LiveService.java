package com.governedactions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import com.governedactions.devserver.TemporalDevServer;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The assembled service (GovernedActionsApplication in dev mode, started by a {@code @SpringBootTest}
 * on a defined port) as an end-to-end test reaches it: over HTTP, with the dev tokens. Each IT keeps
 * its own {@code @DynamicPropertySource} that calls {@link #register}, so each keeps its own
 * application context, ports and Temporal dev server (the real engine, as dev/run runs it): two
 * contexts' workers never poll one task queue.
 */
public final class LiveService {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final String DB_URL =
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test");

  /**
   * The sample store is another system, outside the rights of governed_app (the role the service's
   * own connections take): a test reaches its tables as their owner.
   */
  public static final JdbcTemplate STORE =
      new JdbcTemplate(new SimpleDriverDataSource(new Driver(), DB_URL, "postgres", ""));

  private final int httpPort;
  private final Duration wait;
  private final HttpClient http = HttpClient.newHttpClient();

  public LiveService(int httpPort, Duration wait) {
    this.httpPort = httpPort;
    this.wait = wait;
  }

  /**
   * Service on {@code httpPort} in dev mode, against a Temporal dev server of its own on free ports
   * (its state and log under target/e2e-temporal), the test database, the sample store in-process.
   */
  public static void register(DynamicPropertyRegistry registry, int httpPort) {
    TemporalDevServer temporal =
        TemporalDevServer.start(Path.of("target", "e2e-temporal", "http-" + httpPort + "-" + UUID.randomUUID()));
    registry.add("server.port", () -> httpPort);
    registry.add("governed.dev-mode", () -> "true");
    registry.add("governed.temporal.target", temporal::target);
    // TemporalSettings derives the starter's target while the environment is prepared, before a
    // test's dynamic properties exist: name it here too.
    registry.add("spring.temporal.connection.target", temporal::target);
    registry.add("spring.datasource.url", () -> DB_URL);
    registry.add("governed.connectors.sample-store.base-url", () -> "http://localhost:" + httpPort + "/sample-store");
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** A new order in the sample store, id {@code prefix} plus a random part, paid in USD. */
  public static String newOrder(String prefix, String customer, String status, String paid) {
    String orderId = prefix + UUID.randomUUID().toString().substring(0, 13);
    STORE.update(
        """
        INSERT INTO sample_store.orders (order_id, customer_id, status, currency, paid_amount,
                                         address_line1, address_city, address_postal_code, address_country)
        VALUES (?, ?, ?, 'USD', ?, '1 Test Street', 'Springfield', '12345', 'US')""",
        orderId, customer, status, new BigDecimal(paid));
    return orderId;
  }

  /** A refund the support bot (an AI actor) asks for, for a verified VIP customer, as the chat backend sends it. */
  public static String aiRefundBody(String requestId, String orderId, String amount, String customer, String conversationId) {
    return """
        {"requestId":"%s","type":"refund",
         "params":{"orderId":"%s","amount":"%s","currency":"USD","reason":"damaged"},
         "actor":{"type":"ai","id":"support-bot"},
         "customer":{"id":"%s","segment":"vip","verification":"otp"},
         "conversationId":"%s","channel":"chat"}"""
        .formatted(requestId, orderId, amount, customer, conversationId);
  }

  public URI api(String path) {
    return URI.create("http://localhost:" + httpPort + "/api/v1" + path);
  }

  public String storeUrl(String path) {
    return "http://localhost:" + httpPort + "/sample-store" + path;
  }

  /** A JSON POST to the API as the holder of {@code token}. */
  public HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(api(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A JSON POST straight to the in-process sample store (its fault switches), no token. */
  public HttpResponse<String> sampleStore(String path, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(storeUrl(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(wait).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET /actions/{id} as a supervisor, who may see every action; anything but 200 fails the test. */
  public JsonNode action(String actionId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(api("/actions/" + actionId)).header("Authorization", "Bearer dev-olivia").GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Polls the action until it reaches {@code status}; fails once the wait is over. */
  public JsonNode awaitStatus(String actionId, String status) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    JsonNode state = action(actionId);
    while (!state.get("status").asText().equals(status)) {
      assertThat(Instant.now())
          .as("%s still %s, waiting for %s: %s", actionId, state.get("status"), status, state)
          .isBefore(deadline);
      Thread.sleep(100);
      state = action(actionId);
    }
    return state;
  }
}

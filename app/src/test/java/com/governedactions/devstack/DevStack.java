package com.governedactions.devstack;

import com.governedactions.GovernedActionsApplication;
import com.governedactions.devserver.TemporalDevServer;
import com.governedactions.e2e.LiveService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What dev/run starts, on free ports: the real Temporal dev server with its UI, whose codec endpoint
 * is the service's, and the assembled service (GovernedActionsApplication) in dev mode against it,
 * in this JVM. The codec's allowed origin is the dev server's UI, as {@code http://localhost:8233}
 * is for dev/run. {@link #close()} stops the service first, then the dev server.
 */
final class DevStack implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final TemporalDevServer temporal;
  private final ConfigurableApplicationContext service;
  private final int httpPort;

  private DevStack(TemporalDevServer temporal, ConfigurableApplicationContext service, int httpPort) {
    this.temporal = temporal;
    this.service = service;
    this.httpPort = httpPort;
  }

  static DevStack start(Path dir) {
    int httpPort = TemporalDevServer.freePort();
    TemporalDevServer temporal =
        TemporalDevServer.start(dir.resolve("temporal"), "http://localhost:" + httpPort + "/api/v1/codec");
    try {
      // Command-line arguments outrank every other property source, the environment included.
      ConfigurableApplicationContext service = new SpringApplicationBuilder(GovernedActionsApplication.class)
          .run(
              "--server.port=" + httpPort,
              "--governed.dev-mode=true",
              "--governed.temporal.target=" + temporal.target(),
              "--spring.datasource.url=" + LiveService.DB_URL,
              "--governed.connectors.sample-store.base-url=http://localhost:" + httpPort + "/sample-store",
              "--governed.codec.allowed-origins=" + temporal.uiUrl(),
              "--governed.audit.integrity.checkpoint-directory=" + dir.resolve("audit-checkpoints").toAbsolutePath());
      return new DevStack(temporal, service, httpPort);
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
  }

  TemporalDevServer temporal() {
    return temporal;
  }

  int httpPort() {
    return httpPort;
  }

  String codecEndpoint() {
    return "http://localhost:" + httpPort + "/api/v1/codec";
  }

  LiveService live() {
    return new LiveService(httpPort, WAIT);
  }

  /** A refund the support bot asks for, for {@code orderId}: it waits for the customer's confirmation. */
  String refundAwaitingConfirmation(String orderId, String amount) throws Exception {
    String requestId = "ui-" + UUID.randomUUID();
    HttpResponse<String> created = live().post("/actions", "dev-chat",
        // a customer of its own: refunds to one customer across runs would trip the velocity rules
        LiveService.aiRefundBody(requestId, orderId, amount, "C-" + requestId, "conv-" + requestId));
    if (created.statusCode() != 201) {
      throw new AssertionError("POST /actions answered " + created.statusCode() + ": " + created.body());
    }
    String actionId = "action-" + requestId;
    live().awaitStatus(actionId, "AWAITING_CONFIRMATION");
    return actionId;
  }

  /** The same, confirmed by the customer: it waits for a supervisor. */
  String refundAwaitingApproval(String orderId, String amount) throws Exception {
    String actionId = refundAwaitingConfirmation(orderId, amount);
    HttpResponse<String> confirmed = live().post("/actions/" + actionId + "/confirm", "dev-chat", "{}");
    if (confirmed.statusCode() != 200) {
      throw new AssertionError("confirm answered " + confirmed.statusCode() + ": " + confirmed.body());
    }
    live().awaitStatus(actionId, "AWAITING_APPROVAL");
    return actionId;
  }

  @Override
  public void close() {
    try {
      service.close();
    } finally {
      temporal.close();
    }
  }
}

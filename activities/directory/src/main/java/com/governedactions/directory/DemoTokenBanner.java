package com.governedactions.directory;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Prints the demo tokens once the service is ready, so a first-time user can call the API at once.
 * Silent outside dev mode; warns when no token is configured at all, since then every API call is
 * refused.
 */
class DemoTokenBanner implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(DemoTokenBanner.class);

  private final PrincipalDirectory directory;
  private final Environment environment;

  DemoTokenBanner(PrincipalDirectory directory, Environment environment) {
    this.directory = directory;
    this.environment = environment;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (directory.usesDemoTokens()) {
      log.info(text(port()));
    } else if (directory.tokenCount() == 0) {
      log.warn(
          "No API tokens configured (governed.security.tokens): every /api request will get 401");
    }
  }

  /** The port actually bound (differs from server.port when that is 0), else the configured one. */
  private String port() {
    return environment.getProperty(
        "local.server.port", environment.getProperty("server.port", "8080"));
  }

  static String text(String port) {
    String rows =
        PrincipalDirectory.DEMO.stream()
            .map(p -> String.format("  %-11s %-13s %-13s%s", p.token(), p.id(), p.role(),
                p.human() ? p.id() + " / " + p.token() : "(no console)").stripTrailing())
            .collect(Collectors.joining("\n"));
    String body =
        "{\"requestId\":\"demo-refund-1\",\"type\":\"refund\","
            + "\"params\":{\"orderId\":\"A-1001\",\"amount\":\"25.00\",\"currency\":\"USD\",\"reason\":\"damaged\"},"
            + "\"actor\":{\"type\":\"ai\",\"id\":\"support-bot\"},"
            + "\"customer\":{\"id\":\"C-42\",\"segment\":\"vip\",\"verification\":\"otp\"},"
            + "\"conversationId\":\"conv-demo-1\",\"channel\":\"chat\"}";
    return "Dev mode: demo API tokens (they exist only in dev mode: governed.dev-mode, or no governed.temporal.target)\n"
        + String.format("  %-11s %-13s %-13s%s", "token", "principal", "roles", "console sign-in")
        + "\n"
        + rows
        + "\nWeb console: http://localhost:" + port + "/ (a person signs in with the principal name, the demo token"
        + " as password)"
        + "\nTry it:\n  curl -s -X POST http://localhost:"
        + port
        + "/api/v1/actions -H 'Authorization: Bearer dev-chat' -H 'Content-Type: application/json' -d '"
        + body
        + "'";
  }
}

package com.governedactions.slack;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Slack approvals ({@code governed.slack.*}). The token and signing secret are never logged: {@link
 * #toString()} leaves them out.
 *
 * @param apiBaseUrl Slack's Web API, e.g. {@code https://slack.com/api}; tests point it at WireMock
 * @param botToken {@code xoxb-...}, sent as a bearer token to chat.postMessage and chat.update
 * @param signingSecret verifies that an interaction came from Slack
 * @param channel where approval requests are posted (a channel id such as {@code C0123})
 * @param users Slack user id to principal id, e.g. {@code governed.slack.users.U123=alice}
 * @param responseUrlPrefix interactions' {@code response_url} must start with this
 * @param pollInterval how often the notifier looks for new approval events
 * @param lookback how far behind its last scan the notifier looks again, for events whose
 *     transaction committed late
 * @param maxAttempts a message that failed this often is given up (kept with its last error)
 * @param signatureTolerance interactions whose timestamp is further off are refused
 */
@ConfigurationProperties("governed.slack")
public record SlackProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("https://slack.com/api") String apiBaseUrl,
    String botToken,
    String signingSecret,
    String channel,
    Map<String, String> users,
    @DefaultValue("https://hooks.slack.com/") String responseUrlPrefix,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("10m") Duration lookback,
    @DefaultValue("10") int maxAttempts,
    @DefaultValue("5m") Duration signatureTolerance) {

  public SlackProperties {
    users = users == null ? Map.of() : Map.copyOf(users);
    if (enabled) {
      require(botToken, "bot-token");
      require(signingSecret, "signing-secret");
      require(channel, "channel");
    }
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "governed.slack." + name + " must be set when governed.slack.enabled is true");
    }
  }

  @Override
  public String toString() {
    return "SlackProperties[enabled=" + enabled + ", apiBaseUrl=" + apiBaseUrl + ", channel=" + channel
        + ", users=" + users + ", botToken=(hidden), signingSecret=(hidden)]";
  }
}

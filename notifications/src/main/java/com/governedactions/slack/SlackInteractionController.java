package com.governedactions.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionState;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.action.ActionService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/slack/interactions}: the Approve / Reject buttons. Authenticated by Slack's
 * request signature instead of a bearer token. The Slack user is mapped to a principal by
 * configuration, and the decision goes through {@link ActionService#decide} exactly like {@code POST
 * /actions/{id}/approve}: the workflow applies the same role and separation-of-duties checks.
 *
 * <p>A request that is forged, older than the tolerance, or a replay of one already seen changes
 * nothing.
 */
@RestController
@ConditionalOnProperty(name = "governed.slack.enabled", havingValue = "true")
class SlackInteractionController {
  static final String PATH = "/api/v1/slack/interactions";
  private static final Logger log = LoggerFactory.getLogger(SlackInteractionController.class);

  private final SlackSignature signature;
  private final JdbcTemplate jdbc;
  private final ActionService actions;
  private final SlackClient slack;
  private final ApprovalFacts facts;
  private final SlackProperties properties;
  private final ObjectMapper json;
  private final Clock clock;

  SlackInteractionController(
      SlackSignature signature,
      JdbcTemplate jdbc,
      ActionService actions,
      SlackClient slack,
      ApprovalFacts facts,
      SlackProperties properties,
      ObjectMapper json,
      ObjectProvider<Clock> clocks) {
    this.signature = signature;
    this.jdbc = jdbc;
    this.actions = actions;
    this.slack = slack;
    this.facts = facts;
    this.properties = properties;
    this.json = json;
    this.clock = clocks.getIfUnique(Clock::systemUTC);
  }

  /** The raw body is read here, before anything parses the form: the signature covers its bytes. */
  @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> interact(HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readAllBytes();
    String timestamp = request.getHeader("X-Slack-Request-Timestamp");
    String sent = request.getHeader("X-Slack-Signature");
    Optional<String> forged = signature.problem(timestamp, sent, body, clock.instant());
    if (forged.isPresent()) {
      throw new ApiProblem(HttpStatus.UNAUTHORIZED, "bad-slack-signature", "Not a valid Slack request",
          "Refused: " + forged.get() + ". Slack signs each request with the app's signing secret"
              + " (governed.slack.signing-secret).");
    }
    // The signature covers timestamp and body, so an identical request is a replay.
    int fresh = jdbc.update(
        "INSERT INTO governed.slack_interaction (signature, request_ts) VALUES (?, ?) ON CONFLICT DO NOTHING",
        sent.trim(), Long.parseLong(timestamp.trim()));
    if (fresh == 0) {
      log.warn("replayed Slack interaction ignored");
      return ResponseEntity.ok(Map.of("ignored", "replayed request"));
    }
    JsonNode payload = payload(body);
    JsonNode action = payload.path("actions").path(0);
    String kind = action.path("action_id").asText();
    String actionId = action.path("value").asText();
    if (!"block_actions".equals(payload.path("type").asText())
        || !(SlackMessages.APPROVE.equals(kind) || SlackMessages.REJECT.equals(kind))
        || actionId.isBlank()) {
      throw ApiProblem.badRequest("bad-slack-payload", "Unsupported Slack interaction",
          "Only the Approve and Reject buttons of an approval message are handled here.", java.util.List.of());
    }
    String slackUser = payload.path("user").path("id").asText();
    String responseUrl = payload.path("response_url").asText(null);
    String principal = properties.users().get(slackUser);
    if (principal == null) {
      reply(responseUrl, "Your Slack user " + slackUser + " is not linked to anyone who may decide here;"
          + " nothing was changed. An administrator links it with governed.slack.users." + slackUser + "=<principal>.");
      return ResponseEntity.ok(Map.of("refused", "unknown Slack user"));
    }

    boolean approve = SlackMessages.APPROVE.equals(kind);
    HumanInput input = approve
        ? new HumanInput(HumanInput.Kind.APPROVE, principal, "approved in Slack")
        : new HumanInput(HumanInput.Kind.REJECT, principal, "rejected in Slack");
    InputOutcome outcome;
    try {
      outcome = actions.decide(actionId, input);
    } catch (ApiProblem problem) {
      reply(responseUrl, "Nothing was changed: " + problem.getMessage());
      return ResponseEntity.ok(Map.of("refused", String.valueOf(problem.getMessage())));
    }
    if (!outcome.accepted()) {
      reply(responseUrl, "Refused, nothing was changed: " + outcome.reason());
      return ResponseEntity.ok(Map.of("refused", outcome.reason()));
    }
    ActionState state = outcome.state();
    String channel = payload.path("channel").path("id").asText(payload.path("container").path("channel_id").asText());
    String ts = payload.path("message").path("ts").asText(payload.path("container").path("message_ts").asText());
    if (!claimClickedMessage(actionId, channel, ts, state, approve ? "Approved by " + principal : "Rejected by " + principal)) {
      // The notifier saw the decision's audit event first and has updated this message already.
      return ResponseEntity.ok(Map.of("accepted", kind, "actionId", actionId, "status", state.status()));
    }
    try {
      slack.update(channel, ts, SlackMessages.decided(
          state, facts.what(state), facts.rules(state), approve ? "Approved" : "Rejected", principal));
    } catch (SlackClient.SlackException e) {
      // The decision stands; only the message lags behind.
      log.warn("could not update the Slack message of {}: {}", actionId, e.getMessage());
    }
    return ResponseEntity.ok(Map.of("accepted", kind, "actionId", actionId, "status", state.status()));
  }

  /**
   * Marks the clicked message closed when the decision ended the approval, so the notifier, which
   * follows the same decision in the audit trail, does not update it a second time. False when the
   * notifier has closed it already (its lock makes this wait until it has). A message the notifier
   * does not know, or one that keeps its buttons (M-of-N needs more), is updated here.
   */
  private boolean claimClickedMessage(String actionId, String channel, String ts, ActionState state, String verdict) {
    if (SlackMessages.awaitsMoreApprovals(state)) {
      return true;
    }
    int claimed = jdbc.update(
        """
        UPDATE governed.slack_notice SET closed_at = now(), closed_outcome = ?
        WHERE action_id = ? AND channel = ? AND message_ts = ? AND closed_at IS NULL
        """,
        verdict, actionId, channel, ts);
    if (claimed > 0) {
      return true;
    }
    Integer closedAlready = jdbc.queryForObject(
        "SELECT count(*) FROM governed.slack_notice WHERE action_id = ? AND channel = ? AND message_ts = ? AND closed_at IS NOT NULL",
        Integer.class, actionId, channel, ts);
    return closedAlready == null || closedAlready == 0;
  }

  private JsonNode payload(byte[] body) {
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && "payload".equals(pair.substring(0, eq))) {
        try {
          return json.readTree(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
          break;
        }
      }
    }
    throw ApiProblem.badRequest("bad-slack-payload", "Unsupported Slack interaction",
        "The body must be a form with a 'payload' field holding Slack's JSON.", java.util.List.of());
  }

  /** Tells the clicking user why; only to Slack's own response_url, never to a URL of the caller's choice. */
  private void reply(String responseUrl, String text) {
    if (responseUrl == null || !responseUrl.startsWith(properties.responseUrlPrefix())) {
      return;
    }
    try {
      slack.replyEphemeral(responseUrl, text);
    } catch (SlackClient.SlackException e) {
      log.warn("could not answer a Slack interaction: {}", e.getMessage());
    }
  }
}

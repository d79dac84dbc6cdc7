package com.governedactions.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The three Slack calls this service makes: chat.postMessage, chat.update (Web API, bot token) and
 * a reply to an interaction's response_url. Errors never carry the token.
 */
class SlackClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json;
  private final String apiBaseUrl;
  private final String botToken;

  SlackClient(ObjectMapper json, String apiBaseUrl, String botToken) {
    this.json = json;
    this.apiBaseUrl = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
    this.botToken = botToken;
  }

  /** Where a posted message is: what chat.update needs. */
  record Posted(String channel, String ts) {}

  Posted postMessage(String channel, SlackMessage message) {
    ObjectNode body = message.toJson(json).put("channel", channel);
    JsonNode answer = webApi("chat.postMessage", body);
    return new Posted(answer.path("channel").asText(channel), answer.path("ts").asText());
  }

  void update(String channel, String ts, SlackMessage message) {
    webApi("chat.update", message.toJson(json).put("channel", channel).put("ts", ts));
  }

  /** An answer only the clicking user sees; the original message stays as it is. */
  void replyEphemeral(String responseUrl, String text) {
    ObjectNode body = json.createObjectNode()
        .put("response_type", "ephemeral")
        .put("replace_original", false)
        .put("text", text);
    send(HttpRequest.newBuilder(URI.create(responseUrl)), body, "response_url");
  }

  private JsonNode webApi(String method, ObjectNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBaseUrl + "/" + method))
        .header("Authorization", "Bearer " + botToken);
    JsonNode answer = send(request, body, method);
    if (!answer.path("ok").asBoolean(false)) {
      String error = answer.path("error").asText("no error given");
      // Slack's own rate limit answer is the only error worth retrying unchanged.
      throw new SlackException(method + " failed: " + error, "ratelimited".equals(error), Optional.empty());
    }
    return answer;
  }

  private JsonNode send(HttpRequest.Builder request, ObjectNode body, String what) {
    HttpResponse<String> response;
    try {
      response = http.send(
          request.timeout(TIMEOUT)
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SlackException(what + ": no answer from Slack (" + e.getClass().getSimpleName() + ")", true, Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlackException(what + ": interrupted", true, Optional.empty());
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(SlackClient::seconds);
      throw new SlackException(what + ": HTTP " + status, true, retryAfter);
    }
    if (status >= 300) {
      throw new SlackException(what + ": HTTP " + status, false, Optional.empty());
    }
    try {
      String text = response.body();
      return text == null || text.isBlank() || !text.trim().startsWith("{") ? json.createObjectNode().put("ok", true) : json.readTree(text);
    } catch (IOException e) {
      throw new SlackException(what + ": answer is not JSON", false, Optional.empty());
    }
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A failed Slack call; {@code retryable} when the same call may succeed later. */
  static final class SlackException extends RuntimeException {
    private final boolean retryable;
    private final transient Optional<Duration> retryAfter;

    SlackException(String message, boolean retryable, Optional<Duration> retryAfter) {
      super(message);
      this.retryable = retryable;
      this.retryAfter = retryAfter;
    }

    boolean retryable() {
      return retryable;
    }

    Optional<Duration> retryAfter() {
      return retryAfter;
    }
  }
}

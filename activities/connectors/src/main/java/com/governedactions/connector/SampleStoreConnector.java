package com.governedactions.connector;

import static com.governedactions.action.connector.StepOutcome.dataOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Payments and order management in the sample store that ships with the project, over HTTP.
 * Every call sends the step's idempotency key as the {@code Idempotency-Key} header, so a retry
 * after a timeout or a crash replays the first answer instead of refunding twice.
 *
 * <p>Operations and the step parameters they read:
 *
 * <ul>
 *   <li>{@code payments.refund}: orderId, amount (decimal), currency, reason?
 *   <li>{@code payments.refund_remaining}: orderId, reason?
 *   <li>{@code orders.cancel}: orderId
 *   <li>{@code orders.update_address}: orderId, address {line1, line2?, city, postalCode, country}
 *   <li>{@code orders.apply_discount}: orderId, amount, currency, code?
 * </ul>
 *
 * Compensations: {@code payments.refund.reverse} (for both refund operations), {@code
 * orders.restore_address}, {@code orders.remove_discount}. The store finds the refund or discount
 * to undo by the forward call's idempotency key, which this connector reads off the compensation's
 * own key: <b>a compensation's key must be its forward step's key followed by {@value
 * #COMPENSATION_SUFFIX}</b>. So a compensation works even when the forward call never returned.
 */
@Component
public class SampleStoreConnector implements Connector {
  public static final String REFUND = "payments.refund";
  public static final String REFUND_REMAINING = "payments.refund_remaining";
  public static final String REVERSE_REFUND = "payments.refund.reverse";
  public static final String CANCEL_ORDER = "orders.cancel";
  public static final String UPDATE_ADDRESS = "orders.update_address";
  public static final String RESTORE_ADDRESS = "orders.restore_address";
  public static final String APPLY_DISCOUNT = "orders.apply_discount";
  public static final String REMOVE_DISCOUNT = "orders.remove_discount";

  public static final String COMPENSATION_SUFFIX = ":compensate";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  /** {@link StepOutcome#statusCode()} of a compensation that had nothing to undo and made no call. */
  public static final int NO_CALL = 0;

  private static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final int MAX_DETAIL = 160;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestClient http;
  private final SampleStoreConnectorProperties properties;
  private final Map<String, Function<StepCommand, StepOutcome>> forward;
  private final Map<String, Function<StepCommand, StepOutcome>> compensations;

  public SampleStoreConnector(SampleStoreConnectorProperties properties) {
    this.properties = properties;
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(properties.connectTimeout())
        .build();
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
    requests.setReadTimeout(properties.readTimeout());
    RestClient.Builder builder = RestClient.builder().baseUrl(properties.baseUrl()).requestFactory(requests);
    if (properties.token() != null && !properties.token().isBlank()) {
      builder.defaultHeader(SampleStoreConnectorProperties.TOKEN_HEADER, properties.token().strip());
    }
    this.http = builder.build();
    this.forward = Map.of(
        REFUND, this::refund,
        REFUND_REMAINING, this::refundRemaining,
        CANCEL_ORDER, this::cancelOrder,
        UPDATE_ADDRESS, this::updateAddress,
        APPLY_DISCOUNT, this::applyDiscount);
    this.compensations = Map.of(
        REVERSE_REFUND, this::reverseRefund,
        RESTORE_ADDRESS, this::restoreAddress,
        REMOVE_DISCOUNT, this::removeDiscount);
  }

  @Override
  public boolean supports(String operation) {
    return forward.containsKey(operation) || compensations.containsKey(operation);
  }

  @Override
  public StepOutcome execute(StepCommand command) {
    return dispatch(forward, command, "a compensation; run it through compensate");
  }

  @Override
  public StepOutcome compensate(StepCommand command) {
    return dispatch(compensations, command, "a forward operation, not a compensation");
  }

  private static StepOutcome dispatch(
      Map<String, Function<StepCommand, StepOutcome>> calls, StepCommand command, String otherwise) {
    Function<StepCommand, StepOutcome> call = calls.get(command.operation());
    if (call == null) {
      throw ConnectorException.refused(null, command.operation() + " is " + otherwise);
    }
    return call.apply(command);
  }

  private StepOutcome refund(StepCommand command) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orderId", text(command, "orderId"));
    body.put("amount", decimal(command, "amount"));
    body.put("currency", text(command, "currency"));
    putIfPresent(body, "reason", params(command).get("reason"));
    return refunded(call(command, HttpMethod.POST, "/refunds", body));
  }

  private StepOutcome refundRemaining(StepCommand command) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orderId", text(command, "orderId"));
    putIfPresent(body, "reason", params(command).get("reason"));
    return refunded(call(command, HttpMethod.POST, "/refunds/remaining", body));
  }

  private static StepOutcome refunded(Answer answer) {
    String refundId = answer.field("refundId");
    String orderId = answer.field("orderId");
    String amount = answer.field("amount");
    String currency = answer.field("currency");
    return answer.outcome(
        "refund " + refundId + " " + currency + " " + amount + " on order " + orderId,
        dataOf("refundId", refundId, "orderId", orderId, "amount", amount, "currency", currency));
  }

  private StepOutcome cancelOrder(StepCommand command) {
    String orderId = text(command, "orderId");
    Answer answer = call(command, HttpMethod.POST, "/orders/{orderId}/cancel", null, orderId);
    String previousStatus = answer.field("previousStatus");
    return answer.outcome(
        "order " + orderId + " cancelled (was " + previousStatus + ")",
        dataOf("orderId", orderId, "previousStatus", previousStatus));
  }

  /** Keeps the previous address in the outcome's data: it is what the compensation puts back. */
  private StepOutcome updateAddress(StepCommand command) {
    String orderId = text(command, "orderId");
    Object address = params(command).get("address");
    if (!(address instanceof Map<?, ?>)) {
      throw ConnectorException.refused(null, "parameter address is missing or not an object");
    }
    Answer answer = call(command, HttpMethod.PUT, "/orders/{orderId}/address", Map.of("address", address), orderId);
    JsonNode previous = answer.body().path("previousAddress");
    if (!previous.isObject()) {
      throw ConnectorException.unavailable(answer.status(), "HTTP " + answer.status() + " without previousAddress", null);
    }
    return answer.outcome(
        "order " + orderId + " address changed",
        dataOf("orderId", orderId, "previousAddress", JSON.convertValue(previous, Map.class)));
  }

  private StepOutcome applyDiscount(StepCommand command) {
    String orderId = text(command, "orderId");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("amount", decimal(command, "amount"));
    body.put("currency", text(command, "currency"));
    putIfPresent(body, "code", params(command).get("code"));
    Answer answer = call(command, HttpMethod.POST, "/orders/{orderId}/discounts", body, orderId);
    String discountId = answer.field("discountId");
    String amount = answer.field("amount");
    String currency = answer.field("currency");
    return answer.outcome(
        "discount " + discountId + " " + currency + " " + amount + " on order " + orderId,
        dataOf("discountId", discountId, "orderId", orderId, "amount", amount, "currency", currency));
  }

  private StepOutcome reverseRefund(StepCommand command) {
    Answer answer =
        call(command, HttpMethod.POST, "/refund-reversals", Map.of("refundIdempotencyKey", forwardKey(command)));
    if (!answer.body().path("reversed").asBoolean()) {
      return answer.outcome("no refund was made under the forward key; nothing to reverse", dataOf("reversed", false));
    }
    String refundId = answer.field("refundId");
    return answer.outcome("refund " + refundId + " reversed", dataOf("reversed", true, "refundId", refundId));
  }

  /**
   * Needs the previous address from the forward call's answer. Without one (the forward call never
   * returned) nothing is known to restore, so nothing is called.
   */
  private StepOutcome restoreAddress(StepCommand command) {
    Map<String, Object> forwardResult = command.forwardResult();
    Object previous = forwardResult == null ? null : forwardResult.get("previousAddress");
    if (!(previous instanceof Map<?, ?>)) {
      return new StepOutcome(NO_CALL,
          "no previous address known (the address change did not return); nothing restored", dataOf("restored", false));
    }
    Object orderId = forwardResult.getOrDefault("orderId", params(command).get("orderId"));
    if (orderId == null) {
      throw ConnectorException.refused(null, "orderId is in neither the forward result nor the parameters");
    }
    Answer answer = call(command, HttpMethod.POST, "/orders/{orderId}/address/restore",
        Map.of("address", previous), orderId.toString());
    return answer.outcome("order " + orderId + " address restored", dataOf("orderId", orderId, "restored", true));
  }

  private StepOutcome removeDiscount(StepCommand command) {
    Answer answer =
        call(command, HttpMethod.POST, "/discount-removals", Map.of("discountIdempotencyKey", forwardKey(command)));
    if (!answer.body().path("removed").asBoolean()) {
      return answer.outcome("no discount was made under the forward key; nothing to remove", dataOf("removed", false));
    }
    String discountId = answer.field("discountId");
    return answer.outcome("discount " + discountId + " removed", dataOf("removed", true, "discountId", discountId));
  }

  /** The forward step's idempotency key, read off the compensation's own key. */
  static String forwardKey(StepCommand command) {
    String key = command.idempotencyKey();
    if (key == null || !key.endsWith(COMPENSATION_SUFFIX) || key.length() == COMPENSATION_SUFFIX.length()) {
      throw ConnectorException.refused(null,
          "a compensation's idempotency key must be its forward step's key followed by " + COMPENSATION_SUFFIX);
    }
    return key.substring(0, key.length() - COMPENSATION_SUFFIX.length());
  }

  private Answer call(StepCommand command, HttpMethod method, String path, Object body, Object... uriVariables) {
    if (command.idempotencyKey() == null || command.idempotencyKey().isBlank()) {
      throw ConnectorException.refused(null, "the step has no idempotency key; refusing to call without one");
    }
    RestClient.RequestBodySpec request = http.method(method)
        .uri(path, uriVariables)
        .header(IDEMPOTENCY_HEADER, command.idempotencyKey())
        .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).body(body);
    }
    try {
      return request.exchange((req, response) -> {
        int status = response.getStatusCode().value();
        byte[] bytes = response.getBody().readAllBytes();
        if (response.getStatusCode().is2xxSuccessful()) {
          boolean replayed = Boolean.parseBoolean(response.getHeaders().getFirst(REPLAYED_HEADER));
          return new Answer(status, bytes.length == 0 ? NullNode.getInstance() : JSON.readTree(bytes), replayed);
        }
        throw failure(status, bytes);
      }, true);
    } catch (ResourceAccessException e) {
      throw ConnectorException.unavailable(null, "no answer from the sample store: " + describe(e.getCause()), e);
    }
  }

  /** 5xx, 429 and 408 are worth a retry with the same key; any other answer is the store's final word. */
  static boolean retryable(int status) {
    return status >= 500 || status == 429 || status == 408;
  }

  private static ConnectorException failure(int status, byte[] body) {
    String summary = "HTTP " + status + problemSummary(body);
    return retryable(status)
        ? ConnectorException.unavailable(status, summary, null)
        : ConnectorException.refused(status, summary);
  }

  /** The problem's code and a clipped detail; never the raw body, which could be anything. */
  private static String problemSummary(byte[] body) {
    JsonNode problem;
    try {
      problem = body.length == 0 ? NullNode.getInstance() : JSON.readTree(body);
    } catch (IOException notJson) {
      return "";
    }
    String code = problem.path("code").asText("");
    String detail = problem.path("detail").asText("");
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL) + "...";
    }
    return (code.isEmpty() ? "" : " " + code) + (detail.isEmpty() ? "" : ": " + detail);
  }

  private String describe(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "could not connect within " + properties.connectTimeout();
    }
    if (cause instanceof HttpTimeoutException) {
      return "no response within " + properties.readTimeout();
    }
    if (cause instanceof ConnectException) {
      return "connection refused at " + properties.baseUrl();
    }
    return cause == null ? "I/O error" : cause.getClass().getSimpleName();
  }

  private static Map<String, Object> params(StepCommand command) {
    return command.params() == null ? Map.of() : command.params();
  }

  private static String text(StepCommand command, String name) {
    Object value = params(command).get(name);
    if (value == null || value.toString().isBlank()) {
      throw ConnectorException.refused(null, "parameter " + name + " is missing");
    }
    return value.toString();
  }

  /** Money goes out as a decimal string, whichever JSON type the parameter arrived as. */
  private static String decimal(StepCommand command, String name) {
    String value = text(command, name);
    try {
      return new BigDecimal(value).toPlainString();
    } catch (NumberFormatException e) {
      throw ConnectorException.refused(null, "parameter " + name + " is not a decimal number");
    }
  }

  private static void putIfPresent(Map<String, Object> body, String name, Object value) {
    if (value != null) {
      body.put(name, value);
    }
  }

  /** A 2xx answer. */
  private record Answer(int status, JsonNode body, boolean replayed) {
    String field(String name) {
      JsonNode value = body.path(name);
      if (!value.isValueNode() || value.isNull()) {
        throw ConnectorException.unavailable(status, "HTTP " + status + " without " + name, null);
      }
      return value.asText();
    }

    StepOutcome outcome(String summary, Map<String, Object> data) {
      return new StepOutcome(status, "HTTP " + status + " " + summary + (replayed ? " (replayed)" : ""), data);
    }
  }
}

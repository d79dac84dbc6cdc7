package com.governedactions.connector.http;

import com.governedactions.policy.ParamKind;
import com.governedactions.policy.RiskTier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code governed.connectors.http}: REST systems, the operations called on them, and action types
 * built from those operations, all without Java code. See docs/connectors.md.
 *
 * @param systems by name: where a system is, how to authenticate, how to tell a retry from a
 *     refusal, and its operations; operation {@code log_ticket} of system {@code tickets} is the
 *     connector operation {@code tickets.log_ticket}
 * @param actionTypes by action type name: new entries of the action catalog, executed by operations
 */
@ConfigurationProperties("governed.connectors.http")
public record HttpConnectorProperties(
    Map<String, SystemSettings> systems, Map<String, ActionTypeSettings> actionTypes) {

  public HttpConnectorProperties {
    systems = systems == null ? Map.of() : Map.copyOf(systems);
    actionTypes = actionTypes == null ? Map.of() : Map.copyOf(actionTypes);
  }

  /**
   * @param baseUrl absolute http(s) URL every operation's path is appended to
   * @param headers sent on every call (no secrets here: use {@code auth})
   * @param idempotencyHeader the header that carries the step's idempotency key
   * @param timeout how long one call may wait for the response (per call; operations may lower it)
   * @param retryableStatuses statuses worth a retry with the same key, e.g. {@code 429}, {@code
   *     500-599}; every other non-2xx status is a business refusal
   * @param maxRetryAfter the longest Retry-After honoured; a longer one is cut to this
   */
  public record SystemSettings(
      String baseUrl,
      @DefaultValue Auth auth,
      Map<String, String> headers,
      @DefaultValue("Idempotency-Key") String idempotencyHeader,
      @DefaultValue("10s") Duration timeout,
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue({"408", "429", "500-599"}) List<String> retryableStatuses,
      @DefaultValue("10m") Duration maxRetryAfter,
      @DefaultValue Breaker breaker,
      Map<String, OperationSettings> operations) {
    public SystemSettings {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      operations = operations == null ? Map.of() : Map.copyOf(operations);
    }
  }

  /**
   * Authentication. The secret is a reference, never a value: {@code env:NAME} (an environment
   * variable or Spring property) or {@code file:/run/secrets/x} (read at every call, so it can
   * rotate). Secrets are never logged, never audited, and masked if a response echoes them.
   *
   * @param type {@code none}, {@code bearer} (Authorization: Bearer), {@code basic} (with {@code
   *     username}) or {@code header} (the secret as the value of {@code header})
   */
  public record Auth(@DefaultValue("none") String type, String secret, String username, String header) {}

  /**
   * The system's circuit breaker: once {@code failureRateThreshold} percent of the last {@code
   * slidingWindow} calls (at least {@code minimumCalls}) were unavailable, calls fail fast for
   * {@code openFor}, each asking Temporal to retry when the breaker lets a trial call through.
   */
  public record Breaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("10") int slidingWindow,
      @DefaultValue("5") int minimumCalls,
      @DefaultValue("30s") Duration openFor,
      @DefaultValue("1") int halfOpenCalls) {}

  /**
   * @param compensation the call that undoes {@code call}, on the same system; connector operation
   *     {@code <system>.<operation>.compensate}. It must be a no-op when the forward call never took
   *     effect: key it on {@code {{forwardKey}}} rather than on {@code result.*} where the system
   *     allows, because the result is unknown when the forward call never returned.
   */
  public record OperationSettings(Call call, Call compensation) {}

  /**
   * One HTTP call. Templates use {@code {{name}}} placeholders over {@code params.*} (the action's
   * parameters), {@code action.id}, {@code action.step}, {@code idempotencyKey}, and in a
   * compensation {@code forwardKey} and {@code result.*} (the forward call's result fields); with
   * {@code caseContext} also {@code context} (the case: request, decision, earlier actions).
   *
   * @param path appended to the base URL; placeholders are URL-encoded
   * @param body a JSON document; each placeholder is replaced by the JSON encoding of its value
   * @param result result field name to a JSON pointer into the response body, e.g. {@code
   *     ticketId: /id}; these fields (and nothing else of the body) reach the outcome
   * @param summary the audit summary, e.g. {@code ticket {{result.ticketId}}}; default: the status
   * @param errorFields JSON pointers read from an error body into the failure summary
   * @param timeout this call's timeout; default the system's
   */
  public record Call(
      @DefaultValue("POST") String method,
      String path,
      Map<String, String> headers,
      String body,
      Map<String, String> result,
      String summary,
      @DefaultValue({"/code", "/error/code"}) List<String> errorFields,
      Duration timeout,
      @DefaultValue("false") boolean caseContext) {
    public Call {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      result = result == null ? Map.of() : Map.copyOf(result);
    }
  }

  /**
   * A new action type in the catalog.
   *
   * @param confirmation the customer's question, with {@code {param}} placeholders
   * @param steps operation names run in order; each one's compensation is its configured one
   */
  public record ActionTypeSettings(
      String description,
      RiskTier risk,
      String confirmation,
      List<Param> params,
      List<String> steps) {
    public ActionTypeSettings {
      params = params == null ? List.of() : List.copyOf(params);
      steps = steps == null ? List.of() : List.copyOf(steps);
    }
  }

  public record Param(String name, ParamKind kind, @DefaultValue("true") boolean required, String description) {}
}

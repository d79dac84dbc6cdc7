package com.governedactions.connector.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.PlannedStep;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.Connector;
import com.governedactions.connector.ConnectorBreaker;
import com.governedactions.connector.ConnectorException;
import com.governedactions.connector.http.HttpConnectorProperties.ActionTypeSettings;
import com.governedactions.connector.http.HttpConnectorProperties.Call;
import com.governedactions.connector.http.HttpConnectorProperties.OperationSettings;
import com.governedactions.connector.http.HttpConnectorProperties.Param;
import com.governedactions.connector.http.HttpConnectorProperties.SystemSettings;
import com.governedactions.policy.ActionParam;
import com.governedactions.policy.ActionType;
import com.governedactions.policy.ActionTypeContributor;
import com.governedactions.policy.ParamKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * The declarative HTTP connector: every operation and action type under {@code
 * governed.connectors.http} (see {@link HttpConnectorProperties} and docs/connectors.md). The
 * configuration is checked completely at start; a service with a broken connector configuration
 * does not start, and the error names every property to fix.
 *
 * <p>Every call carries the step's idempotency key in the system's idempotency header, so a retry
 * after a timeout, a 5xx or a crash repeats the same request and the system answers it once.
 */
@Component
public class HttpConnector implements Connector, ActionTypeContributor {
  /** The longest per-call timeout: below the connector activity's 2-minute start-to-close. */
  static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(100);
  static final String COMPENSATION_OPERATION_SUFFIX = ".compensate";
  static final String COMPENSATION_KEY_SUFFIX = ":compensate";
  /** {@link StepOutcome#statusCode()} of a compensation that made no call. */
  public static final int NO_CALL = 0;

  private static final int MAX_SUMMARY = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final String NAME = "[a-z][a-z0-9_]*";

  private final Map<String, CompiledCall> forward = new TreeMap<>();
  private final Map<String, CompiledCall> compensations = new TreeMap<>();
  private final List<ActionType> actionTypes = new ArrayList<>();
  /** Every operation named in the configuration, valid or not, so one mistake is reported once. */
  private final Set<String> declared = new java.util.TreeSet<>();
  private final List<ConnectorBreaker> breakers = new ArrayList<>();
  private final Optional<CaseContextSource> caseContext;
  private final Clock clock;

  @Autowired
  public HttpConnector(
      HttpConnectorProperties properties, Environment environment, ObjectProvider<CaseContextSource> caseContext) {
    this(properties, environment, Optional.ofNullable(caseContext.getIfAvailable()), Clock.systemUTC());
  }

  public HttpConnector(
      HttpConnectorProperties properties,
      PropertyResolver environment,
      Optional<CaseContextSource> caseContext,
      Clock clock) {
    this.caseContext = caseContext;
    this.clock = clock;
    List<String> problems = new ArrayList<>();
    properties.systems().forEach((name, system) -> compileSystem(name, system, environment, problems));
    properties.actionTypes().forEach((name, type) -> compileActionType(name, type, problems));
    if (!problems.isEmpty()) {
      throw new HttpConnectorConfigurationException(problems);
    }
  }

  @Override
  public boolean supports(String operation) {
    return forward.containsKey(operation) || compensations.containsKey(operation);
  }

  @Override
  public List<ConnectorBreaker> breakers() {
    return List.copyOf(breakers);
  }

  @Override
  public List<ActionType> actionTypes() {
    return List.copyOf(actionTypes);
  }

  /** The circuit breaker of the system serving {@code operation}, for tests and diagnostics. */
  public Optional<ConnectorBreaker> breakerOf(String operation) {
    return Optional.ofNullable(forward.get(operation)).map(call -> call.system.breaker);
  }

  @Override
  public StepOutcome execute(StepCommand command) {
    CompiledCall call = forward.get(command.operation());
    if (call == null) {
      throw ConnectorException.refused(null, command.operation() + " is not a forward operation of the HTTP connector");
    }
    return call.system.breaker.call(() -> call.send(model(command, call, false)));
  }

  @Override
  public StepOutcome compensate(StepCommand command) {
    CompiledCall call = compensations.get(command.operation());
    if (call == null) {
      throw ConnectorException.refused(null, command.operation() + " is not a compensation of the HTTP connector");
    }
    if (call.readsResult && command.forwardResult() == null) {
      return new StepOutcome(NO_CALL,
          "the forward call did not return, so nothing is known to undo; no call made", Map.of("undone", false));
    }
    return call.system.breaker.call(() -> call.send(model(command, call, true)));
  }

  private Map<String, Object> model(StepCommand command, CompiledCall call, boolean compensation) {
    String key = command.idempotencyKey();
    if (key == null || key.isBlank()) {
      throw ConnectorException.refused(null, "the step has no idempotency key; refusing to call without one");
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("params", command.params() == null ? Map.of() : command.params());
    model.put("action", Map.of("id", command.actionId(), "step", command.step()));
    model.put("idempotencyKey", key);
    if (compensation) {
      model.put("forwardKey", key.endsWith(COMPENSATION_KEY_SUFFIX)
          ? key.substring(0, key.length() - COMPENSATION_KEY_SUFFIX.length()) : key);
      model.put("result", command.forwardResult() == null ? Map.of() : command.forwardResult());
    }
    if (call.caseContext) {
      model.put("context", caseContext.map(source -> source.forAction(command.actionId())).orElse(Map.of()));
    }
    return model;
  }

  // ---------------------------------------------------------------- configuration

  private void compileSystem(String name, SystemSettings settings, PropertyResolver environment, List<String> problems) {
    String where = "governed.connectors.http.systems." + name;
    int before = problems.size();
    settings.operations().keySet().forEach(operation -> declared.add(name + "." + operation));
    if (!name.matches(NAME)) {
      problems.add(where + ": a system name is lowercase letters, digits and _, starting with a letter");
    }
    URI base = null;
    if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
      problems.add(where + ".base-url: is required, e.g. https://crm.example.com/api");
    } else {
      try {
        base = URI.create(settings.baseUrl().replaceAll("/+$", ""));
        if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
          problems.add(where + ".base-url: '" + settings.baseUrl() + "' must be an absolute http(s) URL");
        }
      } catch (IllegalArgumentException e) {
        problems.add(where + ".base-url: '" + settings.baseUrl() + "' is not a URL");
      }
    }
    Auth auth = Auth.compile(settings.auth(), environment, where + ".auth", problems);
    if (settings.idempotencyHeader() == null || settings.idempotencyHeader().isBlank()) {
      problems.add(where + ".idempotency-header: is required; every call carries the step's idempotency key");
    }
    checkTimeout(settings.timeout(), where + ".timeout", problems);
    if (settings.connectTimeout() == null || !positive(settings.connectTimeout())) {
      problems.add(where + ".connect-timeout: must be positive");
    }
    StatusSet retryable = StatusSet.parse(settings.retryableStatuses(), where + ".retryable-statuses", problems);
    HttpConnectorProperties.Breaker b = settings.breaker();
    if (b.failureRateThreshold() <= 0 || b.failureRateThreshold() > 100) {
      problems.add(where + ".breaker.failure-rate-threshold: must be a percentage in (0, 100]");
    }
    if (b.slidingWindow() < 1 || b.minimumCalls() < 1 || b.halfOpenCalls() < 1) {
      problems.add(where + ".breaker: sliding-window, minimum-calls and half-open-calls must be at least 1");
    }
    if (b.openFor() == null || !positive(b.openFor())) {
      problems.add(where + ".breaker.open-for: must be positive");
    }
    if (settings.maxRetryAfter() == null || settings.maxRetryAfter().isNegative()) {
      problems.add(where + ".max-retry-after: must not be negative");
    }
    if (settings.operations().isEmpty()) {
      problems.add(where + ".operations: declare at least one operation");
    }
    // A broken system still has its operations checked: every problem is reported in one start.
    CompiledSystem system = problems.size() > before ? null : new CompiledSystem(name, base, auth, settings, retryable,
        new ConnectorBreaker(name, b.failureRateThreshold(), b.slidingWindow(), b.minimumCalls(), b.openFor(),
            b.halfOpenCalls(), clock), clock);
    if (system != null) {
      breakers.add(system.breaker);
    }
    settings.operations().forEach((operation, op) -> {
      String opWhere = where + ".operations." + operation;
      if (!operation.matches(NAME)) {
        problems.add(opWhere + ": an operation name is lowercase letters, digits and _, starting with a letter");
        return;
      }
      String id = name + "." + operation;
      compileCall(system, op.call(), opWhere + ".call", false, problems).ifPresent(c -> forward.put(id, c));
      if (op.compensation() != null) {
        compileCall(system, op.compensation(), opWhere + ".compensation", true, problems)
            .ifPresent(c -> compensations.put(id + COMPENSATION_OPERATION_SUFFIX, c));
      }
    });
  }

  /** Checks {@code call}; compiles it when it and its {@code system} (null: broken) are valid. */
  private Optional<CompiledCall> compileCall(
      CompiledSystem system, Call call, String where, boolean compensation, List<String> problems) {
    int before = problems.size();
    if (call == null) {
      problems.add(where + ": is required");
      return Optional.empty();
    }
    String method = call.method() == null ? "" : call.method().toUpperCase(java.util.Locale.ROOT);
    if (!METHODS.contains(method)) {
      problems.add(where + ".method: '" + call.method() + "' is not one of GET, POST, PUT, PATCH, DELETE");
    }
    if (call.path() == null || !call.path().startsWith("/")) {
      problems.add(where + ".path: is required and starts with /, e.g. /tickets");
    }
    if (call.timeout() != null) {
      checkTimeout(call.timeout(), where + ".timeout", problems);
    }
    Template path = new Template(call.path());
    Template body = new Template(call.body());
    Template summary = new Template(call.summary());
    Map<String, Template> headers = new LinkedHashMap<>();
    call.headers().forEach((header, value) -> headers.put(header, new Template(value)));
    List<Template> all = new ArrayList<>(List.of(path, body, summary));
    all.addAll(headers.values());
    boolean readsResult = false;
    for (Template template : all) {
      for (String placeholder : template.paths()) {
        if (placeholder.startsWith("result.") && template != summary) {
          readsResult = true;
        }
        checkPlaceholder(placeholder, template == summary, compensation, call.caseContext(), where, template, problems);
      }
    }
    if (!body.isEmpty()) {
      try {
        JSON.readTree(body.asJson(Map.of()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        problems.add(where + ".body: is not a JSON document once its placeholders are filled in ("
            + e.getOriginalMessage() + "); write placeholders as whole JSON values, e.g. {\"id\": {{params.orderId}}}");
      }
    }
    Map<String, JsonPointer> result = new LinkedHashMap<>();
    call.result().forEach((field, pointer) -> pointer(pointer, where + ".result." + field, problems)
        .ifPresent(p -> result.put(field, p)));
    List<JsonPointer> errorFields = new ArrayList<>();
    for (String pointer : call.errorFields() == null ? List.<String>of() : call.errorFields()) {
      pointer(pointer, where + ".error-fields", problems).ifPresent(errorFields::add);
    }
    if (problems.size() > before || system == null) {
      return Optional.empty();
    }
    Duration timeout = call.timeout() == null ? system.settings.timeout() : call.timeout();
    return Optional.of(new CompiledCall(system, method, path, headers, body, result, summary, errorFields, timeout,
        call.caseContext(), compensation && readsResult));
  }

  private static void checkPlaceholder(
      String placeholder, boolean inSummary, boolean compensation, boolean caseContext, String where, Template in,
      List<String> problems) {
    String root = placeholder.split("\\.")[0];
    boolean ok = switch (root) {
      case "params" -> placeholder.contains(".") || !inSummary;
      case "action" -> placeholder.equals("action.id") || placeholder.equals("action.step");
      case "idempotencyKey" -> placeholder.equals(root);
      case "forwardKey" -> compensation && placeholder.equals(root);
      case "result" -> compensation || inSummary;
      case "context" -> caseContext;
      default -> false;
    };
    if (!ok) {
      problems.add(where + ": placeholder {{" + placeholder + "}} in '" + in + "' is not available here; use "
          + "params.<name>, action.id, action.step, idempotencyKey"
          + (compensation ? ", forwardKey, result.<field>" : ", result.<field> (summary only)")
          + (caseContext ? ", context" : " (context needs case-context: true)"));
    }
  }

  private static Optional<JsonPointer> pointer(String pointer, String where, List<String> problems) {
    if (pointer == null || !pointer.startsWith("/")) {
      problems.add(where + ": '" + pointer + "' is not a JSON pointer like /id or /data/ticket/id");
      return Optional.empty();
    }
    try {
      return Optional.of(JsonPointer.compile(pointer));
    } catch (IllegalArgumentException e) {
      problems.add(where + ": '" + pointer + "' is not a JSON pointer: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static void checkTimeout(Duration timeout, String where, List<String> problems) {
    if (timeout == null || !positive(timeout) || timeout.compareTo(MAX_CALL_TIMEOUT) > 0) {
      problems.add(where + ": must be positive and at most " + MAX_CALL_TIMEOUT.toSeconds()
          + "s (the connector activity's attempt lasts at most 2 minutes)");
    }
  }

  private void compileActionType(String name, ActionTypeSettings settings, List<String> problems) {
    String where = "governed.connectors.http.action-types." + name;
    int before = problems.size();
    if (!name.matches(NAME)) {
      problems.add(where + ": an action type name is lowercase letters, digits and _, starting with a letter");
    }
    if (settings.description() == null || settings.description().isBlank()) {
      problems.add(where + ".description: is required; chat backends and LLM tools read it");
    }
    if (settings.risk() == null) {
      problems.add(where + ".risk: is required: LOW, MEDIUM or HIGH");
    }
    if (settings.confirmation() == null || settings.confirmation().isBlank()) {
      problems.add(where + ".confirmation: is required: the question put to the customer, e.g. 'Open a ticket about {subject}?'");
    }
    List<ActionParam> params = new ArrayList<>();
    for (int i = 0; i < settings.params().size(); i++) {
      Param param = settings.params().get(i);
      String pWhere = where + ".params[" + i + "]";
      if (param.name() == null || !param.name().matches("[A-Za-z][A-Za-z0-9_]*")) {
        problems.add(pWhere + ".name: is required: letters, digits and _");
      }
      if (param.kind() == null || param.kind() == ParamKind.OBJECT) {
        problems.add(pWhere + ".kind: is required: TEXT, DECIMAL or CURRENCY");
      }
      params.add(new ActionParam(param.name(), param.kind(), param.required(),
          param.description() == null ? "" : param.description(), List.of()));
    }
    if (settings.steps().isEmpty()) {
      problems.add(where + ".steps: list the operations that execute it, e.g. [crm.update_contact]");
    }
    List<PlannedStep> plan = new ArrayList<>();
    for (String step : settings.steps()) {
      if (!forward.containsKey(step)) {
        if (declared.contains(step)) {
          continue; // its own problems are reported already
        }
        problems.add(where + ".steps: '" + step + "' is not an operation declared under governed.connectors.http.systems;"
            + " declared: " + String.join(", ", declared));
        continue;
      }
      String compensation = step + COMPENSATION_OPERATION_SUFFIX;
      plan.add(new PlannedStep(step, compensations.containsKey(compensation) ? compensation : null));
    }
    if (problems.size() == before) {
      actionTypes.add(new ActionType(name, settings.description(), params, settings.risk(), settings.confirmation(), plan));
    }
  }

  // ---------------------------------------------------------------- calls

  /** A system's settings with its client, its auth and its breaker. */
  private static final class CompiledSystem {
    final String name;
    final URI base;
    final Auth auth;
    final SystemSettings settings;
    final StatusSet retryable;
    final ConnectorBreaker breaker;
    final HttpClient client;
    final Clock clock;

    CompiledSystem(String name, URI base, Auth auth, SystemSettings settings, StatusSet retryable,
        ConnectorBreaker breaker, Clock clock) {
      this.name = name;
      this.base = base;
      this.auth = auth;
      this.settings = settings;
      this.retryable = retryable;
      this.breaker = breaker;
      this.clock = clock;
      this.client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(settings.connectTimeout())
          .build();
    }
  }

  private record CompiledCall(
      CompiledSystem system,
      String method,
      Template path,
      Map<String, Template> headers,
      Template body,
      Map<String, JsonPointer> result,
      Template summary,
      List<JsonPointer> errorFields,
      Duration timeout,
      boolean caseContext,
      boolean readsResult) {

    StepOutcome send(Map<String, Object> model) {
      String secret = system.auth.secret();
      HttpRequest.Builder request = HttpRequest.newBuilder()
          .uri(URI.create(system.base + path.asUrl(model)))
          .timeout(timeout)
          .header("Accept", "application/json");
      // A header configured from an unset placeholder (blank) is not sent at all.
      system.settings.headers().forEach((name, value) -> {
        if (value != null && !value.isBlank()) {
          request.header(name, value);
        }
      });
      headers.forEach((name, value) -> request.header(name, value.asText(model)));
      system.auth.header(secret).ifPresent(h -> request.header(h[0], h[1]));
      request.header(system.settings.idempotencyHeader(), (String) model.get("idempotencyKey"));
      if (body.isEmpty()) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.asJson(model), StandardCharsets.UTF_8));
      }
      HttpResponse<byte[]> response;
      try {
        response = system.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpConnectTimeoutException e) {
        throw ConnectorException.unavailable(null,
            "could not connect to " + system.name + " within " + system.settings.connectTimeout(), e);
      } catch (HttpTimeoutException e) {
        throw ConnectorException.unavailable(null, "no response from " + system.name + " within " + timeout, e);
      } catch (ConnectException e) {
        throw ConnectorException.unavailable(null, "connection to " + system.name + " refused", e);
      } catch (IOException e) {
        throw ConnectorException.unavailable(null, "I/O error calling " + system.name + ": " + e.getClass().getSimpleName(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ConnectorException.unavailable(null, "interrupted while calling " + system.name, e);
      }
      return answer(response, model, secret);
    }

    private StepOutcome answer(HttpResponse<byte[]> response, Map<String, Object> model, String secret) {
      int status = response.statusCode();
      JsonNode json = parse(response.body());
      if (status >= 200 && status < 300) {
        Map<String, Object> data = new LinkedHashMap<>();
        result.forEach((field, pointer) -> {
          JsonNode value = json.at(pointer);
          if (!value.isMissingNode() && !value.isNull()) {
            data.put(field, mask(value.isValueNode() ? value.asText() : JSON.convertValue(value, Object.class), secret));
          }
        });
        Map<String, Object> withResult = new LinkedHashMap<>(model);
        withResult.put("result", data);
        String text = summary.isEmpty() ? "" : " " + summary.asText(withResult);
        return new StepOutcome(status, clip(mask("HTTP " + status + text, secret)), data);
      }
      StringBuilder text = new StringBuilder("HTTP " + status);
      for (JsonPointer pointer : errorFields) {
        JsonNode value = json.at(pointer);
        if (value.isValueNode() && !value.isNull()) {
          text.append(' ').append(pointer.toString().substring(1)).append('=').append(value.asText());
        }
      }
      String summaryText = clip(mask(text.toString(), secret));
      if (system.retryable.contains(status)) {
        Duration retryAfter = retryAfter(response);
        return retryAfter == null
            ? throwIt(ConnectorException.unavailable(status, summaryText, null))
            : throwIt(ConnectorException.unavailableFor(status, summaryText + " (retry after " + retryAfter.toSeconds() + "s)", retryAfter));
      }
      throw ConnectorException.refused(status, summaryText);
    }

    /** Retry-After as seconds or an HTTP date, capped at the system's max-retry-after. */
    private Duration retryAfter(HttpResponse<?> response) {
      Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
      if (header.isEmpty()) {
        return null;
      }
      Duration wait;
      try {
        wait = header.get().matches("[0-9]+")
            ? Duration.ofSeconds(Long.parseLong(header.get()))
            : Duration.between(system.clock.instant(),
                ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException | NumberFormatException unreadable) {
        return null;
      }
      if (wait.isNegative()) {
        wait = Duration.ZERO;
      }
      return wait.compareTo(system.settings.maxRetryAfter()) > 0 ? system.settings.maxRetryAfter() : wait;
    }

    private static StepOutcome throwIt(ConnectorException e) {
      throw e;
    }

    private static JsonNode parse(byte[] body) {
      if (body == null || body.length == 0) {
        return JSON.missingNode();
      }
      try {
        return JSON.readTree(body);
      } catch (IOException notJson) {
        return JSON.missingNode();
      }
    }
  }

  /** A secret must never reach the audit trail, even when a system echoes it back. */
  @SuppressWarnings("unchecked")
  private static <T> T mask(T value, String secret) {
    if (secret == null || !(value instanceof String text)) {
      return value;
    }
    return (T) text.replace(secret, "****");
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static String clip(String text) {
    return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY) + "...";
  }

  /** How a system authenticates; the secret is resolved at every call and never kept in a message. */
  record Auth(String type, Optional<SecretRef> secretRef, String username, String headerName) {
    static Auth compile(HttpConnectorProperties.Auth auth, PropertyResolver environment, String where, List<String> problems) {
      String type = auth == null || auth.type() == null ? "none" : auth.type().strip().toLowerCase(java.util.Locale.ROOT);
      switch (type) {
        case "none" -> {
          return new Auth(type, Optional.empty(), null, null);
        }
        case "bearer", "basic", "header" -> {
          Optional<SecretRef> ref = SecretRef.parse(auth.secret(), environment, where + ".secret", problems);
          if (type.equals("basic") && (auth.username() == null || auth.username().isBlank())) {
            problems.add(where + ".username: is required for basic auth");
          }
          if (type.equals("header") && (auth.header() == null || auth.header().isBlank())) {
            problems.add(where + ".header: is required for header auth, e.g. X-Api-Key");
          }
          ref.ifPresent(r -> {
            try {
              r.resolve();
            } catch (IllegalStateException missing) {
              problems.add(where + ".secret: " + missing.getMessage());
            }
          });
          return new Auth(type, ref, auth.username(), auth.header());
        }
        default -> {
          problems.add(where + ".type: '" + auth.type() + "' is not one of none, bearer, basic, header");
          return new Auth("none", Optional.empty(), null, null);
        }
      }
    }

    String secret() {
      try {
        return secretRef.map(SecretRef::resolve).orElse(null);
      } catch (IllegalStateException missing) {
        // Unavailable, not refused: the secret may be mounted again, and a retry then succeeds.
        throw ConnectorException.unavailable(null, missing.getMessage(), null);
      }
    }

    Optional<String[]> header(String secret) {
      return switch (type) {
        case "bearer" -> Optional.of(new String[] {"Authorization", "Bearer " + secret});
        case "basic" -> Optional.of(new String[] {"Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8))});
        case "header" -> Optional.of(new String[] {headerName, secret});
        default -> Optional.empty();
      };
    }

    @Override
    public String toString() {
      return "Auth[" + type + ", " + secretRef.map(Object::toString).orElse("no secret") + "]";
    }
  }
}

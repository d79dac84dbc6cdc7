package com.governedactions.connector.stripe;

import static com.governedactions.action.connector.StepOutcome.dataOf;

import com.governedactions.action.PlannedStep;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.Connector;
import com.governedactions.connector.ConnectorBreaker;
import com.governedactions.connector.ConnectorException;
import com.governedactions.connector.http.SecretRef;
import com.governedactions.policy.ActionParam;
import com.governedactions.policy.ActionType;
import com.governedactions.policy.ActionTypeContributor;
import com.governedactions.policy.ParamKind;
import com.governedactions.policy.RiskTier;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * Refunds through Stripe (stripe-java), with the action type {@code stripe_refund}.
 *
 * <p>{@code stripe.refund} creates a refund of a PaymentIntent with the step's idempotency key
 * (action id + step + operation) as Stripe's Idempotency-Key, so a retry after a timeout or a crash
 * gets the first refund back instead of a second one. The key and the action id also go into the
 * refund's metadata, which is how the compensation finds a refund whose answer was lost.
 *
 * <p>Errors: a card error, an already refunded charge, any other invalid request, a rejected API key
 * or an idempotency key reused with other parameters are business refusals; rate limits (429), a
 * concurrent request on the same key (409), Stripe's API errors (5xx) and connection errors are
 * retried.
 *
 * <p>{@code stripe.refund.cancel}, the compensation: Stripe can cancel a refund only while it is
 * {@code requires_action}. Such a refund is cancelled; a canceled or failed one (or none at all)
 * needs nothing; a pending or succeeded refund cannot be undone through the API, so the
 * compensation is refused and the action's audit trail says a person must take it over.
 */
@Component
@ConditionalOnProperty(name = "governed.connectors.stripe.enabled", havingValue = "true")
class StripeRefundConnector implements Connector, ActionTypeContributor {
  public static final String REFUND = "stripe.refund";
  public static final String CANCEL_REFUND = "stripe.refund.cancel";
  static final String KEY_METADATA = "governed_idempotency_key";
  static final String ACTION_METADATA = "governed_action_id";
  private static final String COMPENSATION_KEY_SUFFIX = ":compensate";
  /** Stripe's zero-decimal and three-decimal currencies (stripe.com/docs/currencies). */
  private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
      "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
  private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

  private final StripeClient stripe;
  private final ConnectorBreaker breaker;

  public StripeRefundConnector(StripeProperties properties, Environment environment) {
    this(properties, (PropertyResolver) environment, Clock.systemUTC());
  }

  StripeRefundConnector(StripeProperties properties, PropertyResolver environment, Clock clock) {
    List<String> problems = new ArrayList<>();
    Optional<SecretRef> key = SecretRef.parse(properties.apiKey(), environment, "governed.connectors.stripe.api-key", problems);
    String apiKey = null;
    if (key.isPresent()) {
      try {
        apiKey = key.get().resolve();
      } catch (IllegalStateException missing) {
        problems.add("governed.connectors.stripe.api-key: " + missing.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the Stripe connector is enabled but not configured; fix: " + String.join("; ", problems));
    }
    this.stripe = StripeClient.builder()
        .setApiKey(apiKey)
        .setApiBase(properties.apiBase().replaceAll("/+$", ""))
        .setConnectTimeout((int) properties.connectTimeout().toMillis())
        .setReadTimeout((int) properties.readTimeout().toMillis())
        // Temporal retries, with backoff, Retry-After and the breaker; never two retry loops.
        .setMaxNetworkRetries(0)
        .build();
    this.breaker = new ConnectorBreaker("stripe", properties.breakerFailureRateThreshold(),
        properties.breakerSlidingWindow(), properties.breakerMinimumCalls(), properties.breakerOpenFor(), 1, clock);
  }

  @Override
  public boolean supports(String operation) {
    return REFUND.equals(operation) || CANCEL_REFUND.equals(operation);
  }

  @Override
  public List<ConnectorBreaker> breakers() {
    return List.of(breaker);
  }

  @Override
  public List<ActionType> actionTypes() {
    return List.of(new ActionType(
        "stripe_refund",
        "Refund part or all of a Stripe payment (PaymentIntent) to the customer's card.",
        List.of(
            new ActionParam("paymentIntent", ParamKind.TEXT, true, "the Stripe PaymentIntent, e.g. pi_3MtwBwLkdIwHu7ix28a3tqPa", List.of()),
            new ActionParam("amount", ParamKind.DECIMAL, true, "amount to refund in major units, e.g. \"89.50\"", List.of()),
            new ActionParam("currency", ParamKind.CURRENCY, true, "ISO 4217 currency of the payment, e.g. USD", List.of())),
        RiskTier.HIGH,
        "Refund {currency} {amount} to your card?",
        List.of(new PlannedStep(REFUND, CANCEL_REFUND))));
  }

  @Override
  public StepOutcome execute(StepCommand command) {
    if (!REFUND.equals(command.operation())) {
      throw ConnectorException.refused(null, command.operation() + " is not a forward operation of the Stripe connector");
    }
    String key = requireKey(command);
    String currency = text(command, "currency").toUpperCase(Locale.ROOT);
    RefundCreateParams params = RefundCreateParams.builder()
        .setPaymentIntent(text(command, "paymentIntent"))
        .setAmount(minorUnits(text(command, "amount"), currency))
        .setCurrency(currency.toLowerCase(Locale.ROOT))
        .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
        .putMetadata(ACTION_METADATA, command.actionId())
        .putMetadata(KEY_METADATA, key)
        .build();
    Refund refund = breaker.call(() -> call(() ->
        stripe.v1().refunds().create(params, RequestOptions.builder().setIdempotencyKey(key).build())));
    return new StepOutcome(200,
        "stripe refund " + refund.getId() + " " + refund.getStatus() + " " + refund.getCurrency().toUpperCase(Locale.ROOT)
            + " " + refund.getAmount() + " (minor units)",
        dataOf("refundId", refund.getId(), "status", refund.getStatus(), "amount", refund.getAmount(),
            "currency", refund.getCurrency(), "paymentIntent", refund.getPaymentIntent()));
  }

  @Override
  public StepOutcome compensate(StepCommand command) {
    if (!CANCEL_REFUND.equals(command.operation())) {
      throw ConnectorException.refused(null, command.operation() + " is not a compensation of the Stripe connector");
    }
    String key = requireKey(command);
    String forwardKey = key.endsWith(COMPENSATION_KEY_SUFFIX) ? key.substring(0, key.length() - COMPENSATION_KEY_SUFFIX.length()) : key;
    Optional<Refund> refund = breaker.call(() -> findRefund(command, forwardKey));
    if (refund.isEmpty()) {
      return new StepOutcome(0, "no stripe refund was made under the forward key; nothing to undo", dataOf("cancelled", false));
    }
    Refund found = refund.get();
    switch (found.getStatus()) {
      case "requires_action" -> {
        Refund cancelled = breaker.call(() -> call(() ->
            stripe.v1().refunds().cancel(found.getId(), RequestOptions.builder().setIdempotencyKey(key).build())));
        return new StepOutcome(200, "stripe refund " + cancelled.getId() + " " + cancelled.getStatus(),
            dataOf("cancelled", true, "refundId", cancelled.getId()));
      }
      case "canceled", "failed" -> {
        return new StepOutcome(0, "stripe refund " + found.getId() + " is " + found.getStatus() + "; nothing to undo",
            dataOf("cancelled", false, "refundId", found.getId()));
      }
      default -> throw ConnectorException.refused(null, "stripe refund " + found.getId() + " is " + found.getStatus()
          + "; Stripe cannot undo it through the API, a person must recover the money");
    }
  }

  /** The forward call's refund: by id when it returned, else by the key in the refunds' metadata. */
  private Optional<Refund> findRefund(StepCommand command, String forwardKey) {
    Object refundId = command.forwardResult() == null ? null : command.forwardResult().get("refundId");
    if (refundId != null) {
      return Optional.of(call(() -> stripe.v1().refunds().retrieve(refundId.toString())));
    }
    RefundListParams list = RefundListParams.builder().setPaymentIntent(text(command, "paymentIntent")).setLimit(100L).build();
    return call(() -> stripe.v1().refunds().list(list)).getData().stream()
        .filter(r -> r.getMetadata() != null && forwardKey.equals(r.getMetadata().get(KEY_METADATA)))
        .findFirst();
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  /** Stripe's errors as refusals or retries; the message is Stripe's, the API key never in it. */
  static <T> T call(StripeCall<T> call) {
    try {
      return call.run();
    } catch (CardException e) {
      throw ConnectorException.refused(e.getStatusCode(), "stripe card_error " + e.getCode()
          + (e.getDeclineCode() == null ? "" : " (" + e.getDeclineCode() + ")"));
    } catch (RateLimitException e) {
      throw ConnectorException.unavailable(e.getStatusCode(), "stripe rate limited (429)", e);
    } catch (IdempotencyException e) {
      // 409: another request with this key is still in flight; 400: the key was used with other params.
      if (Integer.valueOf(409).equals(e.getStatusCode())) {
        throw ConnectorException.unavailable(409, "stripe idempotency_error: a request with this key is in progress", e);
      }
      throw ConnectorException.refused(e.getStatusCode(), "stripe idempotency_error: the key was used with other parameters");
    } catch (InvalidRequestException e) {
      if ("lock_timeout".equals(e.getCode())) {
        throw ConnectorException.unavailable(e.getStatusCode(), "stripe lock_timeout", e);
      }
      throw ConnectorException.refused(e.getStatusCode(), "stripe invalid_request_error "
          + (e.getCode() == null ? "" : e.getCode()) + (e.getParam() == null ? "" : " on " + e.getParam()));
    } catch (AuthenticationException e) { // PermissionException (403) is one too
      throw ConnectorException.refused(e.getStatusCode(), "stripe refused the API key (" + e.getStatusCode() + ")");
    } catch (ApiConnectionException e) {
      throw ConnectorException.unavailable(null, "no answer from stripe: " + e.getClass().getSimpleName(), e);
    } catch (ApiException e) {
      throw ConnectorException.unavailable(e.getStatusCode(), "stripe api_error (" + e.getStatusCode() + ")", e);
    } catch (StripeException e) {
      Integer status = e.getStatusCode();
      if (status == null || status >= 500) {
        throw ConnectorException.unavailable(status, "stripe error " + e.getClass().getSimpleName(), e);
      }
      throw ConnectorException.refused(status, "stripe error " + e.getClass().getSimpleName() + " " + e.getCode());
    }
  }

  /** Stripe counts in the currency's smallest unit: cents, but whole yen. */
  static long minorUnits(String amount, String currency) {
    BigDecimal major;
    try {
      major = new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw ConnectorException.refused(null, "parameter amount is not a decimal number");
    }
    int digits = ZERO_DECIMAL.contains(currency) ? 0 : THREE_DECIMAL.contains(currency) ? 3 : 2;
    try {
      return major.movePointRight(digits).longValueExact();
    } catch (ArithmeticException e) {
      throw ConnectorException.refused(null, "amount " + amount + " has more decimals than " + currency + " allows in Stripe");
    }
  }

  private static String requireKey(StepCommand command) {
    if (command.idempotencyKey() == null || command.idempotencyKey().isBlank()) {
      throw ConnectorException.refused(null, "the step has no idempotency key; refusing to call without one");
    }
    return command.idempotencyKey();
  }

  private static String text(StepCommand command, String name) {
    Object value = command.params() == null ? null : command.params().get(name);
    if (value == null || value.toString().isBlank()) {
      throw ConnectorException.refused(null, "parameter " + name + " is missing");
    }
    return value.toString();
  }
}

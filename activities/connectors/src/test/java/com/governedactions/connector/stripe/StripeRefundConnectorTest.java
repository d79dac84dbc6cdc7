package com.governedactions.connector.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.ConnectorException;
import com.governedactions.policy.ActionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.env.MockEnvironment;

/** Against WireMock stubs shaped like Stripe's API (objects and error bodies as Stripe documents them). */
class StripeRefundConnectorTest {
  @RegisterExtension
  static WireMockExtension stripe = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String API_KEY = "sk_test_51Hx-secret";
  private static final String ACTION = "action-conv-9-msg-2";
  private static final String KEY = ACTION + ":0:stripe.refund";

  private StripeRefundConnector connector;

  @BeforeEach
  void setUp() {
    StripeProperties properties = new StripeProperties(true, "env:STRIPE_API_KEY", stripe.baseUrl(),
        Duration.ofSeconds(2), Duration.ofSeconds(2), 50, 100, 100, Duration.ofSeconds(30));
    connector = new StripeRefundConnector(properties, new MockEnvironment().withProperty("STRIPE_API_KEY", API_KEY),
        Clock.systemUTC());
  }

  @Test
  void given_refund_created_when_execute_then_idempotency_key_amount_in_cents_and_metadata_are_sent() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(200, refund("re_1", "succeeded", 8950, "usd"))));

    StepOutcome outcome = connector.execute(refund("89.50", "USD"));

    assertThat(outcome.data()).containsEntry("refundId", "re_1").containsEntry("status", "succeeded")
        .containsEntry("amount", 8950L);
    assertThat(outcome.summary()).isEqualTo("stripe refund re_1 succeeded USD 8950 (minor units)");
    stripe.verify(postRequestedFor(urlEqualTo("/v1/refunds"))
        .withHeader("Idempotency-Key", equalTo(KEY))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY))
        .withFormParam("payment_intent", equalTo("pi_3MtwBwLkdIwHu7ix28a3tqPa"))
        .withFormParam("amount", equalTo("8950"))
        .withFormParam("currency", equalTo("usd"))
        .withFormParam("reason", equalTo("requested_by_customer"))
        .withFormParam("metadata[governed_idempotency_key]", equalTo(KEY))
        .withFormParam("metadata[governed_action_id]", equalTo(ACTION)));
  }

  @Test
  void given_a_zero_decimal_currency_when_execute_then_amount_is_whole_units() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(200, refund("re_2", "pending", 1200, "jpy"))));

    connector.execute(refund("1200", "JPY"));

    stripe.verify(postRequestedFor(urlEqualTo("/v1/refunds")).withFormParam("amount", equalTo("1200")));
  }

  @Test
  void given_card_declined_when_execute_then_refused() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(402, error("card_error", "card_declined",
        "\"decline_code\": \"generic_decline\", \"message\": \"Your card was declined.\""))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isFalse();
    assertThat(e.summary()).isEqualTo("stripe card_error card_declined (generic_decline)");
  }

  @Test
  void given_charge_already_refunded_when_execute_then_refused() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(400, error("invalid_request_error", "charge_already_refunded",
        "\"param\": \"charge\", \"message\": \"Charge ch_1 has already been refunded.\""))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.summary()).isEqualTo("stripe invalid_request_error charge_already_refunded on charge");
  }

  @Test
  void given_key_reused_with_other_parameters_when_execute_then_refused() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(400, error("idempotency_error", null,
        "\"message\": \"Keys for idempotent requests can only be used with the same parameters they were first used with.\""))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isFalse();
    assertThat(e.summary()).isEqualTo("stripe idempotency_error: the key was used with other parameters");
  }

  @Test
  void given_same_key_still_in_flight_when_execute_then_retryable() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(409, error("idempotency_error", null,
        "\"message\": \"There is currently another in-progress request using this Stripe-Idempotency-Key.\""))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(409);
  }

  @Test
  void given_rate_limit_when_execute_then_retryable() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(429, error("invalid_request_error", "rate_limit",
        "\"message\": \"Too many requests hit the API too quickly.\""))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(429);
  }

  @Test
  void given_api_error_when_execute_then_retryable() {
    stripe.stubFor(post("/v1/refunds").willReturn(json(500, error("api_error", null, "\"message\": \"Something went wrong.\""))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.summary()).isEqualTo("stripe api_error (500)");
  }

  @Test
  void given_connection_dropped_when_execute_then_retryable_and_the_key_is_in_no_message() {
    stripe.stubFor(post("/v1/refunds").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund("10.00", "USD")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.summary()).doesNotContain(API_KEY);
  }

  @Test
  void given_refund_awaiting_action_when_compensated_then_it_is_cancelled() {
    stripe.stubFor(get("/v1/refunds/re_1").willReturn(json(200, refund("re_1", "requires_action", 1000, "usd"))));
    stripe.stubFor(post("/v1/refunds/re_1/cancel").willReturn(json(200, refund("re_1", "canceled", 1000, "usd"))));

    StepOutcome outcome = connector.compensate(compensation(Map.of("refundId", "re_1")));

    assertThat(outcome.data()).containsEntry("cancelled", true);
    stripe.verify(postRequestedFor(urlEqualTo("/v1/refunds/re_1/cancel")).withHeader("Idempotency-Key", equalTo(KEY + ":compensate")));
  }

  @Test
  void given_succeeded_refund_when_compensated_then_refused_for_a_person() {
    stripe.stubFor(get("/v1/refunds/re_1").willReturn(json(200, refund("re_1", "succeeded", 1000, "usd"))));

    ConnectorException e = catchThrowableOfType(ConnectorException.class,
        () -> connector.compensate(compensation(Map.of("refundId", "re_1"))));

    assertThat(e.retryable()).isFalse();
    assertThat(e.summary()).contains("re_1 is succeeded", "a person must recover the money");
  }

  @Test
  void given_forward_answer_lost_when_compensated_then_refund_is_found_by_its_key_in_metadata() {
    stripe.stubFor(get(urlPathEqualTo("/v1/refunds")).withQueryParam("payment_intent", equalTo("pi_3MtwBwLkdIwHu7ix28a3tqPa"))
        .willReturn(json(200, """
            {"object": "list", "url": "/v1/refunds", "has_more": false, "data": [%s, %s]}"""
            .formatted(refund("re_other", "succeeded", 500, "usd").replace(KEY, "action-other:0:stripe.refund"),
                refund("re_mine", "requires_action", 1000, "usd")))));
    stripe.stubFor(post("/v1/refunds/re_mine/cancel").willReturn(json(200, refund("re_mine", "canceled", 1000, "usd"))));

    StepOutcome outcome = connector.compensate(compensation(null));

    assertThat(outcome.data()).containsEntry("cancelled", true).containsEntry("refundId", "re_mine");
  }

  @Test
  void given_no_refund_under_the_key_when_compensated_then_nothing_is_called() {
    stripe.stubFor(get(urlPathEqualTo("/v1/refunds")).willReturn(json(200,
        "{\"object\": \"list\", \"url\": \"/v1/refunds\", \"has_more\": false, \"data\": []}")));

    StepOutcome outcome = connector.compensate(compensation(null));

    assertThat(outcome.data()).containsEntry("cancelled", false);
    stripe.verify(0, postRequestedFor(urlPathEqualTo("/v1/refunds")));
  }

  @Test
  void given_connector_enabled_when_catalog_built_then_stripe_refund_is_a_type() {
    ActionCatalog catalog = new ActionCatalog(List.of(connector));

    assertThat(catalog.validate("stripe_refund",
        Map.of("paymentIntent", "pi_1", "amount", "10.00", "currency", "USD"))).isEmpty();
  }

  private static StepCommand refund(String amount, String currency) {
    return new StepCommand(ACTION, 0, StripeRefundConnector.REFUND,
        Map.of("paymentIntent", "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount", amount, "currency", currency), KEY, null);
  }

  private static StepCommand compensation(Map<String, Object> forwardResult) {
    return new StepCommand(ACTION, 0, StripeRefundConnector.CANCEL_REFUND,
        Map.of("paymentIntent", "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount", "10.00", "currency", "USD"),
        KEY + ":compensate", forwardResult);
  }

  /** A Refund object as Stripe returns it. */
  private static String refund(String id, String status, long amount, String currency) {
    return """
        {"id": "%s", "object": "refund", "amount": %d, "balance_transaction": "txn_1Mt", "charge": "ch_3Mt",
         "created": 1692942318, "currency": "%s", "metadata": {"governed_action_id": "%s", "governed_idempotency_key": "%s"},
         "payment_intent": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "reason": "requested_by_customer", "receipt_number": null,
         "source_transfer_reversal": null, "status": "%s", "transfer_reversal": null}"""
        .formatted(id, amount, currency, ACTION, KEY, status);
  }

  /** An error body as Stripe returns it. */
  private static String error(String type, String code, String more) {
    return """
        {"error": {"type": "%s"%s, "doc_url": "https://stripe.com/docs/error-codes", %s}}"""
        .formatted(type, code == null ? "" : ", \"code\": \"" + code + "\"", more);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("Request-Id", "req_test").withBody(body);
  }
}

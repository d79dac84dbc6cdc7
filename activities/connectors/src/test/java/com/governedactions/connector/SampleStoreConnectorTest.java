package com.governedactions.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleStoreConnectorTest {
  @RegisterExtension
  static WireMockExtension store = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = "action-conv-81-msg-12:0:payments.refund";
  private static final String PROBLEM = "application/problem+json";

  private SampleStoreConnector connector;

  @BeforeEach
  void setUp() {
    connector = connectorAt(store.baseUrl() + "/sample-store", Duration.ofSeconds(2));
  }

  @Test
  void given_refund_accepted_when_execute_then_refund_id_is_returned_and_key_sent() {
    store.stubFor(post("/sample-store/refunds").willReturn(json(201, """
        {"refundId": "re_1", "orderId": "A-1001", "amount": "89.50", "currency": "USD", "status": "SUCCEEDED"}""")));

    StepOutcome outcome = connector.execute(refund(KEY));

    assertThat(outcome.statusCode()).isEqualTo(201);
    assertThat(outcome.data()).containsEntry("refundId", "re_1").containsEntry("amount", "89.50");
    assertThat(outcome.summary()).isEqualTo("HTTP 201 refund re_1 USD 89.50 on order A-1001");
    store.verify(postRequestedFor(urlEqualTo("/sample-store/refunds"))
        .withHeader("Idempotency-Key", equalTo(KEY))
        .withRequestBody(equalToJson("""
            {"orderId": "A-1001", "amount": "89.50", "currency": "USD", "reason": "damaged"}""")));
  }

  @Test
  void given_store_token_configured_when_execute_then_every_call_sends_it_as_the_store_credential() {
    store.stubFor(post("/sample-store/refunds").willReturn(json(201, """
        {"refundId": "re_3", "orderId": "A-1001", "amount": "89.50", "currency": "USD", "status": "SUCCEEDED"}""")));
    SampleStoreConnector withToken = new SampleStoreConnector(new SampleStoreConnectorProperties(
        store.baseUrl() + "/sample-store", Duration.ofSeconds(1), Duration.ofSeconds(2), "store-secret"));

    withToken.execute(refund(KEY));

    store.verify(postRequestedFor(urlEqualTo("/sample-store/refunds"))
        .withHeader(SampleStoreConnectorProperties.TOKEN_HEADER, equalTo("store-secret")));
  }

  @Test
  void given_no_store_token_when_execute_then_no_credential_header_is_sent() {
    store.stubFor(post("/sample-store/refunds").willReturn(json(201, """
        {"refundId": "re_4", "orderId": "A-1001", "amount": "89.50", "currency": "USD", "status": "SUCCEEDED"}""")));

    connector.execute(refund(KEY));

    store.verify(postRequestedFor(urlEqualTo("/sample-store/refunds"))
        .withoutHeader(SampleStoreConnectorProperties.TOKEN_HEADER));
  }

  @Test
  void given_numeric_amount_param_when_execute_then_amount_is_sent_as_decimal_string() {
    store.stubFor(post("/sample-store/refunds").willReturn(json(201, """
        {"refundId": "re_2", "orderId": "A-1001", "amount": "10.50", "currency": "USD", "status": "SUCCEEDED"}""")));

    connector.execute(command(SampleStoreConnector.REFUND, KEY,
        Map.of("orderId", "A-1001", "amount", 10.5, "currency", "USD"), null));

    store.verify(postRequestedFor(urlEqualTo("/sample-store/refunds"))
        .withRequestBody(equalToJson("""
            {"orderId": "A-1001", "amount": "10.5", "currency": "USD"}""")));
  }

  @Test
  void given_replayed_answer_when_execute_then_summary_says_replayed() {
    store.stubFor(post("/sample-store/refunds").willReturn(json(201, """
        {"refundId": "re_1", "orderId": "A-1001", "amount": "89.50", "currency": "USD", "status": "SUCCEEDED"}""")
        .withHeader("Idempotent-Replayed", "true")));

    assertThat(connector.execute(refund(KEY)).summary()).endsWith("(replayed)");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 429})
  void given_transient_status_when_execute_then_failure_is_retryable(int status) {
    store.stubFor(post("/sample-store/refunds").willReturn(json(status, """
        {"status": %d, "code": "busy", "detail": "try again"}""".formatted(status)).withHeader("Content-Type", PROBLEM)));

    ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund(KEY)));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.statusCode()).isEqualTo(status);
    assertThat(failure.summary()).isEqualTo("HTTP " + status + " busy: try again");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 422})
  void given_client_error_status_when_execute_then_failure_is_a_refusal(int status) {
    store.stubFor(post("/sample-store/refunds").willReturn(json(status, """
        {"status": %d, "code": "amount_exceeds_refundable", "detail": "a refund of USD 89.50 exceeds USD 20.00"}"""
        .formatted(status)).withHeader("Content-Type", PROBLEM)));

    ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund(KEY)));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.statusCode()).isEqualTo(status);
    assertThat(failure.summary())
        .isEqualTo("HTTP " + status + " amount_exceeds_refundable: a refund of USD 89.50 exceeds USD 20.00");
  }

  @Test
  void given_no_answer_within_read_timeout_when_execute_then_failure_is_retryable() {
    connector = connectorAt(store.baseUrl() + "/sample-store", Duration.ofMillis(300));
    store.stubFor(post("/sample-store/refunds").willReturn(json(201, "{}").withFixedDelay(3_000)));

    ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund(KEY)));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.statusCode()).isNull();
    assertThat(failure.summary()).isEqualTo("no answer from the sample store: no response within PT0.3S");
  }

  @Test
  void given_nothing_listening_when_execute_then_failure_is_retryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    connector = connectorAt("http://localhost:" + closedPort + "/sample-store", Duration.ofSeconds(2));

    ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> connector.execute(refund(KEY)));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.statusCode()).isNull();
  }

  @Test
  void given_missing_amount_when_execute_then_refused_without_calling() {
    ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> connector.execute(
        command(SampleStoreConnector.REFUND, KEY, Map.of("orderId", "A-1001", "currency", "USD"), null)));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.summary()).isEqualTo("parameter amount is missing");
    assertThat(store.getAllServeEvents()).isEmpty();
  }

  @Test
  void given_refund_compensation_when_compensate_then_reversal_names_the_forward_key() {
    store.stubFor(post("/sample-store/refund-reversals").willReturn(json(200, """
        {"reversed": true, "refundId": "re_1", "orderId": "A-1001", "amount": "89.50", "currency": "USD"}""")));
    String compensationKey = KEY + SampleStoreConnector.COMPENSATION_SUFFIX;

    StepOutcome outcome = connector.compensate(
        command(SampleStoreConnector.REVERSE_REFUND, compensationKey, Map.of("orderId", "A-1001"), null));

    assertThat(outcome.summary()).isEqualTo("HTTP 200 refund re_1 reversed");
    assertThat(outcome.data()).containsEntry("reversed", true);
    store.verify(postRequestedFor(urlEqualTo("/sample-store/refund-reversals"))
        .withHeader("Idempotency-Key", equalTo(compensationKey))
        .withRequestBody(equalToJson("{\"refundIdempotencyKey\": \"" + KEY + "\"}")));
  }

  @Test
  void given_no_refund_under_forward_key_when_compensate_then_succeeds_saying_nothing_was_reversed() {
    store.stubFor(post("/sample-store/refund-reversals").willReturn(json(200, "{\"reversed\": false}")));

    StepOutcome outcome = connector.compensate(command(SampleStoreConnector.REVERSE_REFUND,
        KEY + SampleStoreConnector.COMPENSATION_SUFFIX, Map.of(), null));

    assertThat(outcome.data()).containsEntry("reversed", false);
    assertThat(outcome.summary()).contains("nothing to reverse");
  }

  @Test
  void given_compensation_key_without_suffix_when_compensate_then_refused_without_calling() {
    ConnectorException failure = catchThrowableOfType(ConnectorException.class,
        () -> connector.compensate(command(SampleStoreConnector.REVERSE_REFUND, KEY, Map.of(), null)));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.summary()).contains(SampleStoreConnector.COMPENSATION_SUFFIX);
    assertThat(store.getAllServeEvents()).isEmpty();
  }

  @Test
  void given_address_change_when_execute_then_previous_address_is_kept_for_the_compensation() {
    store.stubFor(put("/sample-store/orders/A-1001/address").willReturn(json(200, """
        {"orderId": "A-1001",
         "address": {"line1": "1 New Road", "line2": null, "city": "Austin", "postalCode": "78701", "country": "US"},
         "previousAddress": {"line1": "12 Harbor Street", "line2": null, "city": "Boston", "postalCode": "02110", "country": "US"}}""")));

    StepOutcome outcome = connector.execute(command(SampleStoreConnector.UPDATE_ADDRESS, "k-addr",
        Map.of("orderId", "A-1001", "address", Map.of("line1", "1 New Road", "city", "Austin",
            "postalCode", "78701", "country", "US")), null));

    assertThat(outcome.summary()).isEqualTo("HTTP 200 order A-1001 address changed");
    assertThat(outcome.data().get("previousAddress")).isInstanceOfSatisfying(Map.class,
        previous -> assertThat(previous).containsEntry("line1", "12 Harbor Street").containsEntry("city", "Boston"));
  }

  @Test
  void given_forward_result_with_previous_address_when_compensate_then_it_is_restored() {
    store.stubFor(post("/sample-store/orders/A-1001/address/restore").willReturn(json(200, "{\"orderId\": \"A-1001\"}")));
    Map<String, Object> previous = Map.of("line1", "12 Harbor Street", "city", "Boston", "postalCode", "02110",
        "country", "US");

    StepOutcome outcome = connector.compensate(command(SampleStoreConnector.RESTORE_ADDRESS, "k-addr:compensate",
        Map.of("orderId", "A-1001"), Map.of("orderId", "A-1001", "previousAddress", previous)));

    assertThat(outcome.statusCode()).isEqualTo(200);
    store.verify(postRequestedFor(urlEqualTo("/sample-store/orders/A-1001/address/restore"))
        .withRequestBody(equalToJson("""
            {"address": {"line1": "12 Harbor Street", "city": "Boston", "postalCode": "02110", "country": "US"}}""")));
  }

  @Test
  void given_no_forward_result_when_restoring_address_then_nothing_is_called_and_summary_says_so() {
    StepOutcome outcome = connector.compensate(command(SampleStoreConnector.RESTORE_ADDRESS, "k-addr:compensate",
        Map.of("orderId", "A-1001"), null));

    assertThat(outcome.statusCode()).isEqualTo(SampleStoreConnector.NO_CALL);
    assertThat(outcome.summary()).contains("nothing restored");
    assertThat(store.getAllServeEvents()).isEmpty();
  }

  @Test
  void given_compensating_operation_when_execute_then_refused() {
    ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> connector.execute(
        command(SampleStoreConnector.REVERSE_REFUND, KEY, Map.of(), null)));

    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void given_catalog_operations_when_asked_then_all_are_supported_and_others_are_not() {
    assertThat(java.util.List.of("payments.refund", "payments.refund_remaining", "payments.refund.reverse",
        "orders.cancel", "orders.update_address", "orders.restore_address", "orders.apply_discount",
        "orders.remove_discount")).allMatch(connector::supports);
    assertThat(connector.supports("crm.update_contact")).isFalse();
  }

  static SampleStoreConnector connectorAt(String baseUrl, Duration readTimeout) {
    return new SampleStoreConnector(new SampleStoreConnectorProperties(baseUrl, Duration.ofSeconds(1), readTimeout, null));
  }

  static StepCommand refund(String key) {
    return command(SampleStoreConnector.REFUND, key,
        Map.of("orderId", "A-1001", "amount", "89.50", "currency", "USD", "reason", "damaged"), null);
  }

  static StepCommand command(String operation, String key, Map<String, Object> params, Map<String, Object> forwardResult) {
    return new StepCommand("action-conv-81-msg-12", 0, operation, new HashMap<>(params), key, forwardResult);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }
}

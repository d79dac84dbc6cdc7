package com.governedactions.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.governedactions.connector.http.HttpConnectorFixtures.KEY;
import static com.governedactions.connector.http.HttpConnectorFixtures.SECRET;
import static com.governedactions.connector.http.HttpConnectorFixtures.compensation;
import static com.governedactions.connector.http.HttpConnectorFixtures.connector;
import static com.governedactions.connector.http.HttpConnectorFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.action.connector.StepFailure;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.ConnectorActivitiesImpl;
import com.governedactions.connector.ConnectorException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class HttpConnectorTest {
  @RegisterExtension
  static WireMockExtension crm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CONTACT_PATH = "/api/customers/C%2042%2Fx/contact";

  private HttpConnector connector;

  @BeforeEach
  void setUp() {
    connector = connector(crm.baseUrl() + "/api/");
  }

  @Test
  void given_crm_accepts_when_execute_then_templates_auth_and_key_are_sent_and_result_fields_returned() {
    crm.stubFor(put(CONTACT_PATH).willReturn(json(200, """
        {"contact": {"id": "ct_7", "email": "new@example.com"}, "version": 3, "internal": "not for the audit"}""")));

    StepOutcome outcome = connector.execute(step(KEY));

    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(outcome.data()).isEqualTo(Map.of("contactId", "ct_7", "version", "3"));
    assertThat(outcome.summary()).isEqualTo("HTTP 200 contact ct_7 v3");
    crm.verify(putRequestedFor(urlEqualTo(CONTACT_PATH))
        .withHeader("Idempotency-Key", equalTo(KEY))
        .withHeader("Authorization", equalTo("Bearer " + SECRET))
        .withHeader("X-Client", equalTo("governed"))
        .withHeader("X-Action", equalTo("action-conv-1-msg-1"))
        .withRequestBody(equalToJson("""
            {"email": "new@example.com", "note": "said \\"hi\\"", "requestedBy": "governed-actions"}""")));
  }

  @Test
  void given_optional_param_missing_when_execute_then_body_carries_null() {
    crm.stubFor(put("/api/customers/C-1/contact").willReturn(json(200, "{\"contact\": {\"id\": \"ct_1\"}}")));

    connector.execute(new com.governedactions.action.connector.StepCommand("a", 0, HttpConnectorFixtures.OPERATION,
        Map.of("customerId", "C-1", "email", "x@example.com"), KEY, null));

    crm.verify(putRequestedFor(urlEqualTo("/api/customers/C-1/contact")).withRequestBody(equalToJson("""
        {"email": "x@example.com", "note": null, "requestedBy": "governed-actions"}""")));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 422})
  void given_business_refusal_when_execute_then_not_retryable_with_error_code(int status) {
    crm.stubFor(put(CONTACT_PATH).willReturn(json(status, "{\"code\": \"email_taken\", \"message\": \"x\"}")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.summary()).isEqualTo("HTTP " + status + " code=email_taken");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 408, 429})
  void given_transient_status_when_execute_then_retryable_with_normal_backoff(int status) {
    crm.stubFor(put(CONTACT_PATH).willReturn(json(status, "{}")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.retryAfter()).isNull();
  }

  @Test
  void given_429_with_retry_after_seconds_when_execute_then_next_retry_delay_is_that_long() {
    crm.stubFor(put(CONTACT_PATH).willReturn(json(429, "{}").withHeader("Retry-After", "7")));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> new ConnectorActivitiesImpl(List.of(connector)).execute(step(KEY)));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(ConnectorErrors.UNAVAILABLE.type());
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(failure.getDetails().get(StepFailure.class).summary()).isEqualTo("HTTP 429 (retry after 7s)");
  }

  @Test
  void given_503_with_retry_after_date_when_execute_then_delay_runs_until_that_date() {
    String inTwoMinutes = ZonedDateTime.now().plusSeconds(121).format(DateTimeFormatter.RFC_1123_DATE_TIME);
    crm.stubFor(put(CONTACT_PATH).willReturn(json(503, "{}").withHeader("Retry-After", inTwoMinutes)));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
  }

  @Test
  void given_retry_after_beyond_the_cap_when_execute_then_delay_is_capped() {
    crm.stubFor(put(CONTACT_PATH).willReturn(json(429, "{}").withHeader("Retry-After", "86400")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void given_crm_slower_than_the_call_timeout_when_execute_then_retryable_timeout() {
    HttpConnector quick = connector(HttpConnectorFixtures.properties(
        HttpConnectorFixtures.crm(crm.baseUrl() + "/api", HttpConnectorFixtures.lenientBreaker(), Duration.ofMillis(300))),
        java.time.Clock.systemUTC());
    crm.stubFor(put(CONTACT_PATH).willReturn(json(200, "{}").withFixedDelay(2_000)));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> quick.execute(step(KEY)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).isNull();
    assertThat(e.summary()).isEqualTo("no response from crm within PT0.3S");
  }

  @Test
  void given_connection_dropped_after_the_request_when_execute_then_retryable() {
    crm.stubFor(put(CONTACT_PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(e.retryable()).isTrue();
  }

  @Test
  void given_forward_key_when_compensate_then_restore_is_keyed_on_it() {
    crm.stubFor(post("/api/contact-restores").willReturn(json(200, "{\"restored\": true}")));

    StepOutcome outcome = connector.compensate(compensation(Map.of("contactId", "ct_7")));

    assertThat(outcome.data()).containsEntry("restored", "true");
    crm.verify(postRequestedFor(urlEqualTo("/api/contact-restores"))
        .withHeader("Idempotency-Key", equalTo(KEY + ":compensate"))
        .withRequestBody(equalToJson("{\"forwardKey\": \"" + KEY + "\", \"contactId\": \"ct_7\"}")));
  }

  @Test
  void given_forward_never_returned_and_compensation_needs_its_result_when_compensate_then_no_call() {
    StepOutcome outcome = connector.compensate(compensation(null));

    assertThat(outcome.statusCode()).isEqualTo(HttpConnector.NO_CALL);
    assertThat(crm.getAllServeEvents()).isEmpty();
  }

  @Test
  void given_no_idempotency_key_when_execute_then_refused_without_a_call() {
    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(" ")));

    assertThat(e.retryable()).isFalse();
    assertThat(crm.getAllServeEvents()).isEmpty();
  }

  @Test
  void given_system_echoes_the_secret_when_calls_succeed_and_fail_then_secret_is_in_no_outcome_failure_or_log(
      CapturedOutput output) {
    ConnectorActivitiesImpl activities = new ConnectorActivitiesImpl(List.of(connector));
    crm.stubFor(put(CONTACT_PATH).willReturn(json(200,
        "{\"contact\": {\"id\": \"Bearer " + SECRET + "\"}, \"version\": \"" + SECRET + "\"}")));
    StepOutcome outcome = activities.execute(step(KEY));
    crm.stubFor(put(CONTACT_PATH).willReturn(json(503, "{\"code\": \"" + SECRET + "\"}")));
    ApplicationFailure unavailable = catchThrowableOfType(ApplicationFailure.class, () -> activities.execute(step(KEY)));
    crm.stubFor(put(CONTACT_PATH).willReturn(json(422, "{\"code\": \"" + SECRET + "\"}")));
    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> activities.execute(step(KEY)));

    assertThat(outcome.toString()).doesNotContain(SECRET).contains("****");
    assertThat(unavailable.getMessage() + unavailable.getDetails().get(StepFailure.class)).doesNotContain(SECRET);
    assertThat(refused.getMessage() + refused.getDetails().get(StepFailure.class)).doesNotContain(SECRET);
    assertThat(output.getAll()).doesNotContain(SECRET);
    crm.verify(3, putRequestedFor(urlEqualTo(CONTACT_PATH)).withHeader("Authorization", equalTo("Bearer " + SECRET)));
  }

  @Test
  void given_connector_config_when_asked_for_types_then_the_catalog_gets_them() {
    var type = connector.actionTypes().get(0);

    assertThat(type.name()).isEqualTo("update_contact");
    assertThat(type.plan()).containsExactly(new com.governedactions.action.PlannedStep(
        HttpConnectorFixtures.OPERATION, HttpConnectorFixtures.COMPENSATION));
    var catalog = new com.governedactions.policy.ActionCatalog(List.of(connector));
    assertThat(catalog.validate("update_contact", Map.of("customerId", "C-1"))).containsExactly("params.email: is required");
    assertThat(catalog.find("refund")).isPresent();
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }
}

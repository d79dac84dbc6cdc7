package com.governedactions.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.action.connector.StepFailure;
import com.governedactions.action.connector.StepOutcome;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectorActivitiesImplTest {
  @RegisterExtension
  static WireMockExtension store = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = "action-a1:0:payments.refund";

  private ConnectorActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    activities = new ConnectorActivitiesImpl(List.of(
        SampleStoreConnectorTest.connectorAt(store.baseUrl() + "/sample-store", Duration.ofSeconds(2))));
  }

  @Test
  void given_store_accepts_when_execute_then_outcome_is_returned() {
    store.stubFor(post("/sample-store/refunds").willReturn(problem(201, """
        {"refundId": "re_9", "orderId": "A-1001", "amount": "89.50", "currency": "USD", "status": "SUCCEEDED"}""")));

    StepOutcome outcome = activities.execute(SampleStoreConnectorTest.refund(KEY));

    assertThat(outcome.data()).containsEntry("refundId", "re_9");
  }

  @Test
  void given_store_unavailable_when_execute_then_retryable_failure_of_type_unavailable() {
    store.stubFor(post("/sample-store/refunds").willReturn(problem(503, """
        {"status": 503, "code": "injected_fault", "detail": "down"}""")));

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> activities.execute(SampleStoreConnectorTest.refund(KEY)));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("payments.refund unavailable (retryable): HTTP 503 injected_fault: down");
    assertThat(failure.getDetails().get(StepFailure.class))
        .isEqualTo(new StepFailure(503, "HTTP 503 injected_fault: down"));
  }

  @Test
  void given_store_refuses_when_execute_then_non_retryable_failure_of_type_refused() {
    store.stubFor(post("/sample-store/refunds").willReturn(problem(422, """
        {"status": 422, "code": "amount_exceeds_refundable", "detail": "too much"}""")));

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> activities.execute(SampleStoreConnectorTest.refund(KEY)));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.REFUSED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("payments.refund refused: HTTP 422 amount_exceeds_refundable: too much");
    assertThat(failure.getDetails().get(StepFailure.class))
        .isEqualTo(new StepFailure(422, "HTTP 422 amount_exceeds_refundable: too much"));
  }

  @Test
  void given_compensation_refused_when_compensate_then_non_retryable_failure_of_type_refused() {
    store.stubFor(post("/sample-store/refund-reversals").willReturn(problem(400, """
        {"status": 400, "code": "invalid_request", "detail": "bad"}""")));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> activities.compensate(
        SampleStoreConnectorTest.command(SampleStoreConnector.REVERSE_REFUND, KEY + ":compensate", Map.of(), null)));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.REFUSED.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void given_operation_no_connector_supports_when_execute_then_non_retryable_unknown_operation() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> activities.execute(
        SampleStoreConnectorTest.command("crm.update_contact", "action-a1:1:crm.update_contact", Map.of(), null)));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.UNKNOWN_OPERATION.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("no connector supports operation crm.update_contact");
    assertThat(store.getAllServeEvents()).isEmpty();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String body) {
    String type = status >= 400 ? "application/problem+json" : "application/json";
    return aResponse().withStatus(status).withHeader("Content-Type", type).withBody(body);
  }
}

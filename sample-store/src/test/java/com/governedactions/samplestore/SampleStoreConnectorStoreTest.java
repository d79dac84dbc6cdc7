package com.governedactions.samplestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.SampleStoreConnector;
import com.governedactions.connector.SampleStoreConnectorProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector against the real sample store over HTTP: the idempotency contract end to end. */
class SampleStoreConnectorStoreTest extends SampleStoreTestSupport {
  private SampleStoreConnector connector;

  @BeforeEach
  void connect() {
    connector = new SampleStoreConnector(
        new SampleStoreConnectorProperties(baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(5), null));
  }

  @Test
  void given_refund_executed_when_executed_again_with_same_key_then_same_refund_id_and_one_row() {
    String orderId = newOrder("PAID", "120.00");
    StepCommand refund = refund(orderId, "action-" + newKey() + ":0:payments.refund");

    StepOutcome first = connector.execute(refund);
    StepOutcome again = connector.execute(refund);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.data().get("refundId")).isEqualTo(first.data().get("refundId"));
    assertThat(again.summary()).endsWith("(replayed)");
    assertThat(refundRows(orderId)).isEqualTo(1);
  }

  @Test
  void given_executed_refund_when_compensated_then_the_order_is_refundable_in_full_again() {
    String orderId = newOrder("PAID", "120.00");
    String forwardKey = "action-" + newKey() + ":0:payments.refund";
    connector.execute(refund(orderId, forwardKey));

    StepOutcome reversal = connector.compensate(new StepCommand("action-x", 0, SampleStoreConnector.REVERSE_REFUND,
        Map.of("orderId", orderId), forwardKey + SampleStoreConnector.COMPENSATION_SUFFIX, null));

    assertThat(reversal.data()).containsEntry("reversed", true);
    assertThat(order(orderId).text("refundableAmount")).isEqualTo("120.00");
  }

  private static StepCommand refund(String orderId, String key) {
    return new StepCommand("action-x", 0, SampleStoreConnector.REFUND,
        Map.of("orderId", orderId, "amount", "40.00", "currency", "USD"), key, null);
  }
}

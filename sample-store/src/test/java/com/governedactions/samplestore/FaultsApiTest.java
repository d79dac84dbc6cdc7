package com.governedactions.samplestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;

class FaultsApiTest extends SampleStoreTestSupport {

  @Test
  void given_two_injected_failures_when_refunding_then_two_503s_change_nothing_and_the_third_call_succeeds() {
    String orderId = newOrder("PAID", "120.00");
    String key = newKey();
    Response injected = inject("""
        {"operation": "refunds", "failTimes": 2, "status": 503}""");

    Response first = refund(key, orderId, "10.00");
    Response second = refund(key, orderId, "10.00");
    int rowsAfterFailures = refundRows(orderId);
    Response third = refund(key, orderId, "10.00");

    assertThat(injected.status()).isEqualTo(201);
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.text("code")).isEqualTo("injected_fault");
    assertThat(second.status()).isEqualTo(503);
    assertThat(rowsAfterFailures).isZero();
    assertThat(third.status()).isEqualTo(201);
    assertThat(third.replayed()).isFalse();
    assertThat(refundRows(orderId)).isEqualTo(1);
  }

  @Test
  void given_injected_429_when_refunding_then_429_is_answered() {
    inject("""
        {"operation": "refunds", "failTimes": 1, "status": 429}""");

    assertThat(refund(newKey(), newOrder("PAID", "10.00"), "1.00").status()).isEqualTo(429);
  }

  @Test
  void given_delay_after_commit_when_caller_times_out_then_refund_exists_and_retry_with_same_key_replays_it() {
    String orderId = newOrder("PAID", "120.00");
    String key = newKey();
    inject("""
        {"operation": "refunds", "delayMs": 1500}""");
    String body = """
        {"orderId": "%s", "amount": "25.00", "currency": "USD"}""".formatted(orderId);

    Throwable timedOut = catchThrowable(
        () -> callWithTimeout(Duration.ofMillis(300), HttpMethod.POST, "/refunds", key, body));
    int rowsWhileCallerWaited = refundRows(orderId);
    Response retry = call(HttpMethod.POST, "/refunds", key, body);

    assertThat(timedOut).isInstanceOf(ResourceAccessException.class);
    assertThat(rowsWhileCallerWaited).isEqualTo(1);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.replayed()).isTrue();
    assertThat(refundRows(orderId)).isEqualTo(1);
  }

  @Test
  void given_faults_when_cleared_then_calls_succeed_again() {
    inject("""
        {"operation": "refunds", "failTimes": 5}""");

    Response cleared = call(HttpMethod.DELETE, "/_faults", null, null);

    assertThat(cleared.status()).isEqualTo(204);
    assertThat(refund(newKey(), newOrder("PAID", "10.00"), "1.00").status()).isEqualTo(201);
  }

  @Test
  void given_unknown_operation_when_injecting_then_400_listing_the_operations() {
    Response injected = inject("""
        {"operation": "payments", "failTimes": 1}""");

    assertThat(injected.status()).isEqualTo(400);
    assertThat(injected.text("detail")).contains("refunds", "refund-reversals", "orders.cancel");
  }

  private Response inject(String fault) {
    return call(HttpMethod.POST, "/_faults", null, fault);
  }
}

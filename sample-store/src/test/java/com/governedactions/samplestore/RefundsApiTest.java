package com.governedactions.samplestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

class RefundsApiTest extends SampleStoreTestSupport {

  @Test
  void given_refund_when_posted_again_with_same_key_then_first_answer_is_replayed_and_one_refund_exists() {
    String orderId = newOrder("PAID", "120.00");
    String key = newKey();

    Response first = refund(key, orderId, "89.50");
    Response second = refund(key, orderId, "89.50");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.body().toString()).contains("\"amount\":\"89.50\"", "\"status\":\"SUCCEEDED\"");
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.raw()).isEqualTo(first.raw());
    assertThat(second.replayed()).isTrue();
    assertThat(refundRows(orderId)).isEqualTo(1);
  }

  @Test
  void given_same_key_sent_concurrently_when_refunding_then_one_refund_and_every_caller_gets_its_id() throws Exception {
    String orderId = newOrder("PAID", "120.00");
    String key = newKey();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Response>> calls =
          IntStream.range(0, 6).<Callable<Response>>mapToObj(i -> () -> refund(key, orderId, "30.00")).toList();
      List<String> refundIds = pool.invokeAll(calls).stream().map(RefundsApiTest::get).map(r -> r.text("refundId")).toList();

      assertThat(refundIds).hasSize(6).allMatch(id -> id.equals(refundIds.get(0)) && id.startsWith("re_"));
      assertThat(refundRows(orderId)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void given_used_key_when_posted_with_different_amount_then_422_and_nothing_more_is_refunded() {
    String orderId = newOrder("PAID", "120.00");
    String key = newKey();
    refund(key, orderId, "10.00");

    Response reused = refund(key, orderId, "11.00");

    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.text("code")).isEqualTo("idempotency_key_reused");
    assertThat(reused.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refundRows(orderId)).isEqualTo(1);
  }

  @Test
  void given_equal_amount_written_differently_when_key_reused_then_it_is_the_same_request() {
    String orderId = newOrder("PAID", "120.00");
    String key = newKey();
    Response first = refund(key, orderId, "10.5");

    Response again = refund(key, orderId, "10.50");

    assertThat(again.status()).isEqualTo(201);
    assertThat(again.text("refundId")).isEqualTo(first.text("refundId"));
  }

  @Test
  void given_amount_beyond_what_was_paid_when_refunding_then_422_amount_exceeds_refundable() {
    String orderId = newOrder("PAID", "120.00");
    refund(newKey(), orderId, "100.00");

    Response over = refund(newKey(), orderId, "20.01");

    assertThat(over.status()).isEqualTo(422);
    assertThat(over.text("code")).isEqualTo("amount_exceeds_refundable");
    assertThat(over.text("detail")).contains("USD 20.00 still refundable");
    assertThat(refundRows(orderId)).isEqualTo(1);
  }

  @Test
  void given_refused_refund_when_retried_with_same_key_then_the_refusal_is_replayed() {
    String orderId = newOrder("PAID", "50.00");
    String key = newKey();
    Response refused = refund(key, orderId, "60.00");

    Response again = refund(key, orderId, "60.00");

    assertThat(again.status()).isEqualTo(422);
    assertThat(again.raw()).isEqualTo(refused.raw());
    assertThat(again.replayed()).isTrue();
  }

  @Test
  void given_other_currency_when_refunding_then_422_currency_mismatch() {
    String orderId = newOrder("PAID", "120.00");

    Response mismatch = call(HttpMethod.POST, "/refunds", newKey(), """
        {"orderId": "%s", "amount": "10.00", "currency": "EUR"}""".formatted(orderId));

    assertThat(mismatch.status()).isEqualTo(422);
    assertThat(mismatch.text("code")).isEqualTo("currency_mismatch");
  }

  @Test
  void given_unknown_order_when_refunding_then_404_order_not_found() {
    Response missing = refund(newKey(), "NO-SUCH-ORDER", "10.00");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text("code")).isEqualTo("order_not_found");
  }

  @Test
  void given_no_idempotency_key_when_refunding_then_400_and_nothing_is_refunded() {
    String orderId = newOrder("PAID", "120.00");

    Response unkeyed = refund(null, orderId, "10.00");

    assertThat(unkeyed.status()).isEqualTo(400);
    assertThat(unkeyed.text("code")).isEqualTo("idempotency_key_required");
    assertThat(refundRows(orderId)).isZero();
  }

  @Test
  void given_amount_that_is_not_a_decimal_string_when_refunding_then_400_invalid_request() {
    String orderId = newOrder("PAID", "120.00");

    Response invalid = refund(newKey(), orderId, "12.345");

    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.text("code")).isEqualTo("invalid_request");
    assertThat(invalid.text("detail")).contains("amount");
  }

  @Test
  void given_partial_refund_when_refunding_remaining_then_the_rest_is_refunded_and_nothing_is_left() {
    String orderId = newOrder("PAID", "120.00");
    refund(newKey(), orderId, "20.00");

    Response remaining = refundRemaining(newKey(), orderId);
    Response nothingLeft = refundRemaining(newKey(), orderId);

    assertThat(remaining.status()).isEqualTo(201);
    assertThat(remaining.text("amount")).isEqualTo("100.00");
    assertThat(nothingLeft.status()).isEqualTo(422);
    assertThat(nothingLeft.text("code")).isEqualTo("nothing_to_refund");
    assertThat(order(orderId).text("refundableAmount")).isEqualTo("0.00");
  }

  @Test
  void given_refund_when_reversed_by_its_key_then_refundable_amount_is_restored() {
    String orderId = newOrder("PAID", "120.00");
    String refundKey = newKey();
    Response refund = refund(refundKey, orderId, "70.00");

    Response reversal = reverse(refundKey + ":compensate", refundKey);

    assertThat(reversal.status()).isEqualTo(200);
    assertThat(reversal.body().path("reversed").asBoolean()).isTrue();
    assertThat(reversal.text("refundId")).isEqualTo(refund.text("refundId"));
    Response order = order(orderId);
    assertThat(order.text("refundableAmount")).isEqualTo("120.00");
    assertThat(order.body().path("refunds").get(0).path("status").asText()).isEqualTo("REVERSED");
  }

  @Test
  void given_refund_never_made_when_reversing_then_200_reversed_false() {
    String neverUsed = newKey();

    Response reversal = reverse(neverUsed + ":compensate", neverUsed);

    assertThat(reversal.status()).isEqualTo(200);
    assertThat(reversal.body().path("reversed").asBoolean()).isFalse();
  }

  @Test
  void given_reversal_ran_first_when_the_refund_arrives_late_then_409_and_nothing_is_refunded() {
    String orderId = newOrder("PAID", "120.00");
    String lateKey = newKey();
    reverse(lateKey + ":compensate", lateKey);

    Response late = refund(lateKey, orderId, "10.00");

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.text("code")).isEqualTo("idempotency_key_revoked");
    assertThat(refundRows(orderId)).isZero();
  }

  private Response refundRemaining(String key, String orderId) {
    return call(HttpMethod.POST, "/refunds/remaining", key, "{\"orderId\": \"%s\"}".formatted(orderId));
  }

  private Response reverse(String key, String refundKey) {
    return call(HttpMethod.POST, "/refund-reversals", key, "{\"refundIdempotencyKey\": \"%s\"}".formatted(refundKey));
  }

  private static Response get(Future<Response> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError("a concurrent refund call failed", e);
    }
  }
}

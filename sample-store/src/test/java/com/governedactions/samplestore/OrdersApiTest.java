package com.governedactions.samplestore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class OrdersApiTest extends SampleStoreTestSupport {
  private static final String NEW_ADDRESS = """
      {"address": {"line1": "9 New Road", "line2": "Flat 2", "city": "Austin", "postalCode": "78701", "country": "US"}}""";

  @Test
  void given_seeded_demo_order_when_read_then_it_is_paid_in_usd_by_its_customer() {
    Response order = order("A-1001");

    assertThat(order.status()).isEqualTo(200);
    assertThat(order.text("customerId")).isEqualTo("C-42");
    assertThat(order.text("currency")).isEqualTo("USD");
    assertThat(order.text("paidAmount")).isEqualTo("120.00");
    assertThat(order.body().path("address").path("city").asText()).isEqualTo("Boston");
  }

  @Test
  void given_refunds_and_a_discount_when_order_is_read_then_they_and_the_refundable_amount_are_shown() {
    String orderId = newOrder("PAID", "100.00");
    refund(newKey(), orderId, "30.00");
    call(HttpMethod.POST, "/orders/" + orderId + "/discounts", newKey(), """
        {"amount": "5.00", "currency": "USD", "code": "SORRY5"}""");

    Response order = order(orderId);

    assertThat(order.text("refundedAmount")).isEqualTo("30.00");
    assertThat(order.text("refundableAmount")).isEqualTo("70.00");
    assertThat(order.body().path("refunds")).hasSize(1);
    assertThat(order.body().path("discounts").get(0).path("code").asText()).isEqualTo("SORRY5");
  }

  @Test
  void given_unknown_order_when_read_then_404_order_not_found() {
    Response order = order("NO-SUCH-ORDER");

    assertThat(order.status()).isEqualTo(404);
    assertThat(order.text("code")).isEqualTo("order_not_found");
  }

  @Test
  void given_shipped_order_when_cancelled_then_409_order_shipped_and_it_stays_shipped() {
    String orderId = newOrder("SHIPPED", "50.00");

    Response cancel = cancel(newKey(), orderId);

    assertThat(cancel.status()).isEqualTo(409);
    assertThat(cancel.text("code")).isEqualTo("order_shipped");
    assertThat(order(orderId).text("status")).isEqualTo("SHIPPED");
  }

  @Test
  void given_paid_order_when_cancelled_then_it_is_cancelled() {
    String orderId = newOrder("PAID", "50.00");

    Response cancel = cancel(newKey(), orderId);

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.text("previousStatus")).isEqualTo("PAID");
    assertThat(order(orderId).text("status")).isEqualTo("CANCELLED");
  }

  @Test
  void given_cancelled_order_when_cancelled_again_under_a_new_key_then_200() {
    String orderId = newOrder("PAID", "50.00");
    cancel(newKey(), orderId);

    Response again = cancel(newKey(), orderId);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("status")).isEqualTo("CANCELLED");
    assertThat(again.text("previousStatus")).isEqualTo("CANCELLED");
  }

  @Test
  void given_address_changed_when_restored_with_the_previous_address_then_the_order_has_its_old_address() {
    String orderId = newOrder("PAID", "50.00");
    Response change = call(HttpMethod.PUT, "/orders/" + orderId + "/address", newKey(), NEW_ADDRESS);
    String previous = change.body().path("previousAddress").toString();

    Response restore = call(HttpMethod.POST, "/orders/" + orderId + "/address/restore", newKey(),
        "{\"address\": " + previous + "}");

    assertThat(change.status()).isEqualTo(200);
    assertThat(change.body().path("previousAddress").path("line1").asText()).isEqualTo("1 Test Street");
    assertThat(restore.status()).isEqualTo(200);
    assertThat(restore.body().path("previousAddress").path("line1").asText()).isEqualTo("9 New Road");
    assertThat(order(orderId).body().path("address").toString()).isEqualTo(previous);
  }

  @Test
  void given_shipped_order_when_address_changed_then_409_order_shipped() {
    String orderId = newOrder("SHIPPED", "50.00");

    Response change = call(HttpMethod.PUT, "/orders/" + orderId + "/address", newKey(), NEW_ADDRESS);

    assertThat(change.status()).isEqualTo(409);
    assertThat(change.text("code")).isEqualTo("order_shipped");
  }

  @Test
  void given_address_without_city_when_changed_then_400_naming_the_field() {
    String orderId = newOrder("PAID", "50.00");

    Response change = call(HttpMethod.PUT, "/orders/" + orderId + "/address", newKey(), """
        {"address": {"line1": "9 New Road", "postalCode": "78701", "country": "US"}}""");

    assertThat(change.status()).isEqualTo(400);
    assertThat(change.text("detail")).isEqualTo("address.city is required");
  }

  @Test
  void given_discount_when_removed_by_its_key_then_it_is_removed() {
    String orderId = newOrder("PAID", "50.00");
    String discountKey = newKey();
    Response discount = call(HttpMethod.POST, "/orders/" + orderId + "/discounts", discountKey, """
        {"amount": "5.00", "currency": "USD"}""");

    Response removal = removeDiscount(discountKey + ":compensate", discountKey);

    assertThat(discount.status()).isEqualTo(201);
    assertThat(removal.body().path("removed").asBoolean()).isTrue();
    assertThat(removal.text("discountId")).isEqualTo(discount.text("discountId"));
    assertThat(order(orderId).body().path("discounts").get(0).path("status").asText()).isEqualTo("REMOVED");
  }

  @Test
  void given_discount_never_made_when_removing_then_200_removed_false() {
    String neverUsed = newKey();

    Response removal = removeDiscount(neverUsed + ":compensate", neverUsed);

    assertThat(removal.status()).isEqualTo(200);
    assertThat(removal.body().path("removed").asBoolean()).isFalse();
  }

  @Test
  void given_removal_ran_first_when_the_discount_arrives_late_then_409_and_nothing_is_discounted() {
    String orderId = newOrder("PAID", "50.00");
    String lateKey = newKey();
    removeDiscount(lateKey + ":compensate", lateKey);

    Response late = call(HttpMethod.POST, "/orders/" + orderId + "/discounts", lateKey, """
        {"amount": "5.00", "currency": "USD"}""");

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.text("code")).isEqualTo("idempotency_key_revoked");
    assertThat(order(orderId).body().path("discounts").size()).isZero();
  }

  @Test
  void given_discount_removed_when_removed_again_then_200_removed_and_the_order_has_room_for_it_again() {
    String orderId = newOrder("PAID", "50.00");
    String discountKey = newKey();
    call(HttpMethod.POST, "/orders/" + orderId + "/discounts", discountKey, """
        {"amount": "50.00", "currency": "USD"}""");
    removeDiscount(discountKey + ":compensate", discountKey);

    Response again = removeDiscount(discountKey + ":compensate-again", discountKey);
    Response whole = call(HttpMethod.POST, "/orders/" + orderId + "/discounts", newKey(), """
        {"amount": "50.00", "currency": "USD"}""");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("removed").asBoolean()).isTrue();
    assertThat(whole.status()).as("a removed discount no longer counts against the order").isEqualTo(201);
  }

  @Test
  void given_discount_larger_than_the_order_when_applied_then_422_discount_exceeds_order() {
    String orderId = newOrder("PAID", "50.00");

    Response discount = call(HttpMethod.POST, "/orders/" + orderId + "/discounts", newKey(), """
        {"amount": "50.01", "currency": "USD"}""");

    assertThat(discount.status()).isEqualTo(422);
    assertThat(discount.text("code")).isEqualTo("discount_exceeds_order");
  }

  private Response cancel(String key, String orderId) {
    return call(HttpMethod.POST, "/orders/" + orderId + "/cancel", key, null);
  }

  private Response removeDiscount(String key, String discountKey) {
    return call(HttpMethod.POST, "/discount-removals", key,
        "{\"discountIdempotencyKey\": \"%s\"}".formatted(discountKey));
  }
}

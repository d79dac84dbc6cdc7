package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.PlannedStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionCatalogTest {
  private final ActionCatalog catalog = new ActionCatalog();

  private static Map<String, Object> refund(String amount, String currency) {
    return Map.of("orderId", "A-1001", "amount", amount, "currency", currency, "reason", "damaged");
  }

  private static Map<String, Object> address() {
    return Map.of("line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US");
  }

  @Test
  void given_valid_params_for_each_type_when_validated_then_there_are_no_problems() {
    assertThat(catalog.validate("refund", refund("89.50", "USD"))).isEmpty();
    assertThat(catalog.validate("cancel_order", Map.of("orderId", "A-1001"))).isEmpty();
    assertThat(catalog.validate("update_address", Map.of("orderId", "A-1001", "address", address()))).isEmpty();
    assertThat(catalog.validate("apply_discount", Map.of("orderId", "A-1001", "amount", "10", "currency", "EUR")))
        .isEmpty();
  }

  @Test
  void given_missing_required_params_when_validated_then_each_is_named() {
    assertThat(catalog.validate("refund", Map.of("orderId", "A-1001")))
        .containsExactly("params.amount: is required", "params.currency: is required");
  }

  @Test
  void given_a_number_where_a_string_is_expected_when_validated_then_the_type_is_the_problem() {
    assertThat(catalog.validate("cancel_order", Map.of("orderId", 1001)))
        .containsExactly("params.orderId: must be a non-empty string of at most 500 characters");
  }

  @Test
  void given_control_characters_in_text_params_when_validated_then_each_is_named_at_its_path() {
    Map<String, Object> params = new HashMap<>(refund("89.50", "USD"));
    params.put("reason", "damaged\u0000");
    params.put("orderId", "A-1001\u001B");
    Map<String, Object> address = new HashMap<>(address());
    address.put("city", "Ber\u007Flin");

    assertThat(catalog.validate("refund", params))
        .containsExactlyInAnyOrder("params.reason: " + ControlCharacters.RULE, "params.orderId: " + ControlCharacters.RULE);
    assertThat(catalog.validate("update_address", Map.of("orderId", "A-1001", "address", address)))
        .containsExactly("params.address.city: " + ControlCharacters.RULE);
  }

  @Test
  void given_tabsAndLineBreaks_in_text_params_when_validated_then_accepted() {
    Map<String, Object> params = new HashMap<>(refund("89.50", "USD"));
    params.put("reason", "damaged box,\r\n\tsecond item too");

    assertThat(catalog.validate("refund", params)).isEmpty();
  }

  @Test
  void given_an_amount_that_is_not_a_two_decimal_string_when_validated_then_it_is_refused() {
    String problem = "params.amount: must be a decimal string like \"89.50\" with at most 2 decimals";
    assertThat(catalog.validate("refund", refund("89.505", "USD"))).containsExactly(problem);
    assertThat(catalog.validate("refund", refund("1e3", "USD"))).containsExactly(problem);
    assertThat(catalog.validate("refund", refund("-5.00", "USD"))).containsExactly(problem);
    Map<String, Object> numeric = new HashMap<>(refund("1", "USD"));
    numeric.put("amount", 89.5);
    assertThat(catalog.validate("refund", numeric)).containsExactly(problem);
  }

  @Test
  void given_a_zero_amount_when_validated_then_it_must_be_positive() {
    assertThat(catalog.validate("apply_discount", Map.of("orderId", "A-1", "amount", "0.00", "currency", "USD")))
        .containsExactly("params.amount: must be greater than 0");
  }

  @Test
  void given_a_currency_that_is_not_iso_4217_when_validated_then_it_is_refused() {
    String problem = "params.currency: must be an ISO 4217 currency code of 3 uppercase letters like \"USD\"";
    assertThat(catalog.validate("refund", refund("10.00", "usd"))).containsExactly(problem);
    assertThat(catalog.validate("refund", refund("10.00", "XYZ"))).containsExactly(problem);
    assertThat(catalog.validate("refund", refund("10.00", "USDT"))).containsExactly(problem);
  }

  @Test
  void given_an_unknown_param_when_validated_then_it_is_named_with_the_allowed_ones() {
    assertThat(catalog.validate("cancel_order", Map.of("orderId", "A-1", "refundAll", true)))
        .containsExactly("params.refundAll: unknown parameter; allowed: orderId, reason");
  }

  @Test
  void given_an_address_with_a_missing_and_an_unknown_field_when_validated_then_both_are_named() {
    Map<String, Object> address = new HashMap<>(address());
    address.remove("city");
    address.put("state", "IL");
    assertThat(catalog.validate("update_address", Map.of("orderId", "A-1", "address", address)))
        .containsExactlyInAnyOrder(
            "params.address.state: unknown parameter; allowed: line1, line2, city, postalCode, country",
            "params.address.city: is required");
  }

  @Test
  void given_an_address_that_is_not_an_object_when_validated_then_its_fields_are_described() {
    assertThat(catalog.validate("update_address", Map.of("orderId", "A-1", "address", "1 Main St")))
        .containsExactly(
            "params.address: must be an object with line1, line2 (optional), city, postalCode, country");
  }

  @Test
  void given_an_unknown_type_when_validated_then_the_known_types_are_listed() {
    assertThat(catalog.validate("refnd", Map.of()))
        .containsExactly(
            "type: unknown action type 'refnd'; known types: refund, cancel_order, update_address, apply_discount, escalate, log_ticket");
  }

  @Test
  void given_the_catalog_when_listed_then_each_type_has_its_plan_with_compensations() {
    assertThat(catalog.find("cancel_order").orElseThrow().plan())
        .containsExactly(
            new PlannedStep("payments.refund_remaining", "payments.refund.reverse"),
            new PlannedStep("orders.cancel", null));
    assertThat(catalog.all()).extracting(ActionType::name)
        .containsExactly("refund", "cancel_order", "update_address", "apply_discount", "escalate", "log_ticket", "reversal");
    assertThat(catalog.find("nope")).isEmpty();
  }

  @Test
  void given_a_type_when_its_schema_is_asked_then_required_params_and_no_extras_are_declared() {
    Map<String, Object> schema = catalog.find("refund").orElseThrow().paramsJsonSchema();
    assertThat(schema).containsEntry("required", List.of("orderId", "amount", "currency"))
        .containsEntry("additionalProperties", false);
    assertThat(catalog.find("refund").orElseThrow().optionalParams()).extracting(ActionParam::name)
        .containsExactly("reason");
  }

  @Test
  void given_valid_params_when_the_confirmation_is_rendered_then_money_shows_its_currency_decimals() {
    assertThat(ActionParams.confirmationText(catalog.find("refund").orElseThrow(), refund("89.5", "USD")))
        .isEqualTo("Refund USD 89.50 to order A-1001?");
    assertThat(ActionParams.confirmationText(
            catalog.find("apply_discount").orElseThrow(),
            Map.of("orderId", "A-1001", "amount", "10", "currency", "USD")))
        .isEqualTo("Apply a USD 10.00 discount to order A-1001?");
    assertThat(ActionParams.confirmationText(
            catalog.find("update_address").orElseThrow(), Map.of("orderId", "A-1001", "address", address())))
        .isEqualTo("Change the delivery address of order A-1001 to 1 Main St, Springfield?");
    assertThat(ActionParams.confirmationText(catalog.find("cancel_order").orElseThrow(), Map.of("orderId", "A-1001")))
        .isEqualTo("Cancel order A-1001 and refund its payment?");
  }
}

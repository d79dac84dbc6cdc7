package com.governedactions.samplestore;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The store's endpoints by name: what a fault is injected into, and part of a request's hash. */
enum StoreOperation {
  ORDER_GET("orders.get"),
  REFUND("refunds"),
  REFUND_REMAINING("refunds.remaining"),
  REFUND_REVERSAL("refund-reversals"),
  ORDER_CANCEL("orders.cancel"),
  ADDRESS_UPDATE("orders.address"),
  ADDRESS_RESTORE("orders.address.restore"),
  DISCOUNT("orders.discounts"),
  DISCOUNT_REMOVAL("discount-removals"),
  TICKET("tickets"),
  TICKET_GET("tickets.get"),
  TICKET_WITHDRAWAL("ticket-withdrawals");

  private final String externalName;

  StoreOperation(String externalName) {
    this.externalName = externalName;
  }

  String externalName() {
    return externalName;
  }

  static StoreOperation named(String name) {
    return Arrays.stream(values())
        .filter(operation -> operation.externalName.equals(name))
        .findFirst()
        .orElseThrow(() -> StoreException.invalid("operation must be one of " + names() + ", got \"" + name + "\""));
  }

  private static String names() {
    return Arrays.stream(values()).map(StoreOperation::externalName).collect(Collectors.joining(", "));
  }
}

package com.governedactions.samplestore;

import com.governedactions.samplestore.DiscountService.DiscountCommand;
import com.governedactions.samplestore.DiscountService.RemovalCommand;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Discounts on orders and their removal. Every call needs an Idempotency-Key. */
@RestController
@RequestMapping("/sample-store")
@ConditionalOnSampleStore
class DiscountsController {
  record DiscountRequest(String amount, String currency, String code) {}

  record RemovalRequest(String discountIdempotencyKey) {}

  private final StoreCalls calls;
  private final DiscountService discounts;

  DiscountsController(StoreCalls calls, DiscountService discounts) {
    this.calls = calls;
    this.discounts = discounts;
  }

  /** 201 {discountId, orderId, amount, currency, code, status}; 422 currency_mismatch or discount_exceeds_order. */
  @PostMapping("/orders/{orderId}/discounts")
  ResponseEntity<Object> apply(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @PathVariable String orderId,
      @RequestBody DiscountRequest body) {
    DiscountCommand command = new DiscountCommand(
        orderId, Money.parse(body.amount(), body.currency()), Fields.optional(body.code(), "code", 64));
    return calls.change(StoreOperation.DISCOUNT, key, command, k -> discounts.apply(command, k));
  }

  /** 200 {removed: true, discountId, orderId}, or 200 {removed: false} when no discount was made under the key. */
  @PostMapping("/discount-removals")
  ResponseEntity<Object> remove(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key, @RequestBody RemovalRequest body) {
    RemovalCommand command =
        new RemovalCommand(Fields.required(body.discountIdempotencyKey(), "discountIdempotencyKey", 255));
    return calls.change(StoreOperation.DISCOUNT_REMOVAL, key, command, k -> discounts.remove(command));
  }
}

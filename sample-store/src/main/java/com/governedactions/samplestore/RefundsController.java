package com.governedactions.samplestore;

import com.governedactions.samplestore.RefundService.RefundCommand;
import com.governedactions.samplestore.RefundService.RefundRemainingCommand;
import com.governedactions.samplestore.RefundService.ReversalCommand;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The payments side: refunds and their reversal. Every call needs an Idempotency-Key. */
@RestController
@RequestMapping("/sample-store")
@ConditionalOnSampleStore
class RefundsController {
  record RefundRequest(String orderId, String amount, String currency, String reason) {}

  record RefundRemainingRequest(String orderId, String reason) {}

  record ReversalRequest(String refundIdempotencyKey) {}

  private final StoreCalls calls;
  private final RefundService refunds;

  RefundsController(StoreCalls calls, RefundService refunds) {
    this.calls = calls;
    this.refunds = refunds;
  }

  /** 201 {refundId, orderId, amount, currency, status}; 422 amount_exceeds_refundable or currency_mismatch; 404. */
  @PostMapping("/refunds")
  ResponseEntity<Object> refund(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key, @RequestBody RefundRequest body) {
    RefundCommand command = new RefundCommand(
        Fields.required(body.orderId(), "orderId", 64),
        Money.parse(body.amount(), body.currency()),
        Fields.optional(body.reason(), "reason", 500));
    return calls.change(StoreOperation.REFUND, key, command, k -> refunds.refund(command, k));
  }

  /** Refunds everything still refundable: 201 as for a refund; 422 nothing_to_refund. */
  @PostMapping("/refunds/remaining")
  ResponseEntity<Object> refundRemaining(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @RequestBody RefundRemainingRequest body) {
    RefundRemainingCommand command = new RefundRemainingCommand(
        Fields.required(body.orderId(), "orderId", 64), Fields.optional(body.reason(), "reason", 500));
    return calls.change(StoreOperation.REFUND_REMAINING, key, command, k -> refunds.refundRemaining(command, k));
  }

  /** 200 {reversed: true, refundId, ...}, or 200 {reversed: false} when no refund was made under the key. */
  @PostMapping("/refund-reversals")
  ResponseEntity<Object> reverse(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key, @RequestBody ReversalRequest body) {
    ReversalCommand command =
        new ReversalCommand(Fields.required(body.refundIdempotencyKey(), "refundIdempotencyKey", 255));
    return calls.change(StoreOperation.REFUND_REVERSAL, key, command, k -> refunds.reverse(command));
  }
}

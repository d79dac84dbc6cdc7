package com.governedactions.samplestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.governedactions.samplestore.OrderCredits.Credit;
import com.governedactions.samplestore.OrderRepository.Order;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Refunds against what an order was paid. Each method runs inside its idempotency key's
 * transaction and locks the order first, so concurrent refunds cannot together exceed it.
 */
@Component
@ConditionalOnSampleStore
class RefundService {
  record RefundCommand(String orderId, Money money, String reason) {}

  record RefundRemainingCommand(String orderId, String reason) {}

  record ReversalCommand(String refundIdempotencyKey) {}

  record RefundView(String refundId, String orderId, String amount, String currency, String status) {
    static RefundView of(Credit refund) {
      return new RefundView(refund.id(), refund.orderId(), Money.text(refund.amount()), refund.currency(),
          refund.status());
    }
  }

  /** {@code reversed} is false, and the rest absent, when no refund was made under the key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ReversalView(boolean reversed, String refundId, String orderId, String amount, String currency) {
    static final ReversalView NOTHING_TO_REVERSE = new ReversalView(false, null, null, null, null);

    static ReversalView of(Credit refund) {
      return new ReversalView(true, refund.id(), refund.orderId(), Money.text(refund.amount()), refund.currency());
    }
  }

  private final OrderRepository orders;
  private final RefundRepository refunds;

  RefundService(OrderRepository orders, RefundRepository refunds) {
    this.orders = orders;
    this.refunds = refunds;
  }

  StoreResponse refund(RefundCommand command, String idempotencyKey) {
    Order order = orders.lock(command.orderId());
    Money money = command.money();
    OrderCredits.requireOrderCurrency(order, money, "refund");
    BigDecimal refundable = refundable(order);
    if (money.amount().compareTo(refundable) > 0) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "amount_exceeds_refundable",
          "a refund of " + money + " exceeds the " + order.currency() + " " + Money.text(refundable)
              + " still refundable on order " + order.orderId());
    }
    return StoreResponse.created(RefundView.of(refunds.insert(order.orderId(), money, command.reason(), idempotencyKey)));
  }

  StoreResponse refundRemaining(RefundRemainingCommand command, String idempotencyKey) {
    Order order = orders.lock(command.orderId());
    BigDecimal refundable = refundable(order);
    if (refundable.signum() <= 0) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "nothing_to_refund",
          "order " + order.orderId() + " has nothing left to refund");
    }
    Money remaining = new Money(refundable, order.currency());
    return StoreResponse.created(RefundView.of(refunds.insert(order.orderId(), remaining, command.reason(), idempotencyKey)));
  }

  /** Voids the refund made under {@code refundIdempotencyKey}; "no such refund" is a success that says so. */
  StoreResponse reverse(ReversalCommand command) {
    return StoreResponse.ok(refunds.voidMadeUnder(command.refundIdempotencyKey())
        .map(ReversalView::of)
        .orElse(ReversalView.NOTHING_TO_REVERSE));
  }

  BigDecimal refundable(Order order) {
    return order.paidAmount().subtract(refunds.standingTotal(order.orderId())).max(BigDecimal.ZERO);
  }
}

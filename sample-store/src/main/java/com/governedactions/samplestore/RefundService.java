package com.governedactions.samplestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.governedactions.samplestore.OrderRepository.Order;
import com.governedactions.samplestore.RefundRepository.Refund;
import java.math.BigDecimal;
import java.util.Optional;
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
    static RefundView of(Refund refund) {
      return new RefundView(refund.refundId(), refund.orderId(), Money.text(refund.amount()), refund.currency(),
          refund.status().name());
    }
  }

  /** {@code reversed} is false, and the rest absent, when no refund was made under the key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ReversalView(boolean reversed, String refundId, String orderId, String amount, String currency) {
    static final ReversalView NOTHING_TO_REVERSE = new ReversalView(false, null, null, null, null);
  }

  private final OrderRepository orders;
  private final RefundRepository refunds;
  private final Idempotency idempotency;

  RefundService(OrderRepository orders, RefundRepository refunds, Idempotency idempotency) {
    this.orders = orders;
    this.refunds = refunds;
    this.idempotency = idempotency;
  }

  StoreResponse refund(RefundCommand command, String idempotencyKey) {
    Order order = orders.lock(command.orderId());
    Money money = command.money();
    if (!order.currency().equals(money.currency())) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "currency_mismatch",
          "order " + order.orderId() + " was paid in " + order.currency() + ", the refund is in " + money.currency());
    }
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

  /**
   * Voids the refund made under {@code refundIdempotencyKey}. A compensation cannot know whether
   * its forward call happened, so "no such refund" is a success that says so; the key is then
   * revoked, so a forward call still in flight can no longer land after its own undo.
   */
  StoreResponse reverse(ReversalCommand command) {
    String forwardKey = command.refundIdempotencyKey();
    if (idempotency.revokeIfUnused(forwardKey)) {
      return StoreResponse.ok(ReversalView.NOTHING_TO_REVERSE);
    }
    Optional<Refund> found = refunds.findByIdempotencyKey(forwardKey);
    if (found.isEmpty()) {
      return StoreResponse.ok(ReversalView.NOTHING_TO_REVERSE);
    }
    Refund refund = found.get();
    orders.lock(refund.orderId());
    refunds.markReversed(refund.refundId());
    return StoreResponse.ok(new ReversalView(true, refund.refundId(), refund.orderId(), Money.text(refund.amount()),
        refund.currency()));
  }

  BigDecimal refundable(Order order) {
    return order.paidAmount().subtract(refunds.refundedTotal(order.orderId())).max(BigDecimal.ZERO);
  }
}

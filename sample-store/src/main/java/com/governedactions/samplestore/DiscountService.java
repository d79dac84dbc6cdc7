package com.governedactions.samplestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.governedactions.samplestore.DiscountRepository.Discount;
import com.governedactions.samplestore.OrderRepository.Order;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Discounts: credits granted on an order, never more in total than the order was paid. */
@Component
@ConditionalOnSampleStore
class DiscountService {
  record DiscountCommand(String orderId, Money money, String code) {}

  record RemovalCommand(String discountIdempotencyKey) {}

  record DiscountView(String discountId, String orderId, String amount, String currency, String code, String status) {
    static DiscountView of(Discount discount) {
      return new DiscountView(discount.discountId(), discount.orderId(), Money.text(discount.amount()),
          discount.currency(), discount.code(), discount.status().name());
    }
  }

  /** {@code removed} is false, and the rest absent, when no discount was made under the key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RemovalView(boolean removed, String discountId, String orderId) {
    static final RemovalView NOTHING_TO_REMOVE = new RemovalView(false, null, null);
  }

  private final OrderRepository orders;
  private final DiscountRepository discounts;
  private final Idempotency idempotency;

  DiscountService(OrderRepository orders, DiscountRepository discounts, Idempotency idempotency) {
    this.orders = orders;
    this.discounts = discounts;
    this.idempotency = idempotency;
  }

  StoreResponse apply(DiscountCommand command, String idempotencyKey) {
    Order order = orders.lock(command.orderId());
    Money money = command.money();
    if (order.status() == OrderRepository.Status.CANCELLED) {
      throw new StoreException(HttpStatus.CONFLICT, "order_cancelled",
          "order " + order.orderId() + " is cancelled; a discount cannot be applied");
    }
    if (!order.currency().equals(money.currency())) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "currency_mismatch",
          "order " + order.orderId() + " was paid in " + order.currency() + ", the discount is in " + money.currency());
    }
    BigDecimal room = order.paidAmount().subtract(discounts.activeTotal(order.orderId()));
    if (money.amount().compareTo(room) > 0) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "discount_exceeds_order",
          "a discount of " + money + " exceeds the " + order.currency() + " " + Money.text(room.max(BigDecimal.ZERO))
              + " of order " + order.orderId() + " not yet discounted");
    }
    return StoreResponse.created(DiscountView.of(discounts.insert(order.orderId(), money, command.code(), idempotencyKey)));
  }

  /** Like a refund reversal: "no such discount" is a success that says so, and revokes the key. */
  StoreResponse remove(RemovalCommand command) {
    String forwardKey = command.discountIdempotencyKey();
    if (idempotency.revokeIfUnused(forwardKey)) {
      return StoreResponse.ok(RemovalView.NOTHING_TO_REMOVE);
    }
    Optional<Discount> found = discounts.findByIdempotencyKey(forwardKey);
    if (found.isEmpty()) {
      return StoreResponse.ok(RemovalView.NOTHING_TO_REMOVE);
    }
    Discount discount = found.get();
    orders.lock(discount.orderId());
    discounts.markRemoved(discount.discountId());
    return StoreResponse.ok(new RemovalView(true, discount.discountId(), discount.orderId()));
  }
}

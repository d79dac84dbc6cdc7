package com.governedactions.samplestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.governedactions.samplestore.OrderCredits.Credit;
import com.governedactions.samplestore.OrderRepository.Order;
import java.math.BigDecimal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Discounts: credits granted on an order, never more in total than the order was paid. */
@Component
@ConditionalOnSampleStore
class DiscountService {
  record DiscountCommand(String orderId, Money money, String code) {}

  record RemovalCommand(String discountIdempotencyKey) {}

  record DiscountView(String discountId, String orderId, String amount, String currency, String code, String status) {
    static DiscountView of(Credit discount) {
      return new DiscountView(discount.id(), discount.orderId(), Money.text(discount.amount()), discount.currency(),
          discount.note(), discount.status());
    }
  }

  /** {@code removed} is false, and the rest absent, when no discount was made under the key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RemovalView(boolean removed, String discountId, String orderId) {
    static final RemovalView NOTHING_TO_REMOVE = new RemovalView(false, null, null);

    static RemovalView of(Credit discount) {
      return new RemovalView(true, discount.id(), discount.orderId());
    }
  }

  private final OrderRepository orders;
  private final DiscountRepository discounts;

  DiscountService(OrderRepository orders, DiscountRepository discounts) {
    this.orders = orders;
    this.discounts = discounts;
  }

  StoreResponse apply(DiscountCommand command, String idempotencyKey) {
    Order order = orders.lock(command.orderId());
    Money money = command.money();
    if (order.status() == OrderRepository.Status.CANCELLED) {
      throw new StoreException(HttpStatus.CONFLICT, "order_cancelled",
          "order " + order.orderId() + " is cancelled; a discount cannot be applied");
    }
    OrderCredits.requireOrderCurrency(order, money, "discount");
    BigDecimal room = order.paidAmount().subtract(discounts.standingTotal(order.orderId()));
    if (money.amount().compareTo(room) > 0) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "discount_exceeds_order",
          "a discount of " + money + " exceeds the " + order.currency() + " " + Money.text(room.max(BigDecimal.ZERO))
              + " of order " + order.orderId() + " not yet discounted");
    }
    return StoreResponse.created(DiscountView.of(discounts.insert(order.orderId(), money, command.code(), idempotencyKey)));
  }

  /** Like a refund reversal: "no such discount" is a success that says so, and revokes the key. */
  StoreResponse remove(RemovalCommand command) {
    return StoreResponse.ok(discounts.voidMadeUnder(command.discountIdempotencyKey())
        .map(RemovalView::of)
        .orElse(RemovalView.NOTHING_TO_REMOVE));
  }
}

package com.governedactions.samplestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.governedactions.samplestore.DiscountService.DiscountView;
import com.governedactions.samplestore.OrderRepository.Order;
import com.governedactions.samplestore.OrderRepository.Status;
import com.governedactions.samplestore.RefundService.RefundView;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Orders: reading one with what was refunded and discounted, cancelling, and its address. */
@Component
@ConditionalOnSampleStore
class OrderService {
  record OrderView(
      String orderId,
      String customerId,
      String status,
      String currency,
      String paidAmount,
      String refundedAmount,
      String refundableAmount,
      Address address,
      List<RefundView> refunds,
      List<DiscountView> discounts) {}

  record CancelCommand(String orderId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CancelView(String orderId, String status, String previousStatus) {}

  record AddressCommand(String orderId, Address address) {}

  record AddressView(String orderId, Address address, Address previousAddress) {}

  private final OrderRepository orders;
  private final RefundRepository refunds;
  private final DiscountRepository discounts;
  private final RefundService refundService;
  private final SampleStoreDatabase database;

  OrderService(
      OrderRepository orders,
      RefundRepository refunds,
      DiscountRepository discounts,
      RefundService refundService,
      SampleStoreDatabase database) {
    this.orders = orders;
    this.refunds = refunds;
    this.discounts = discounts;
    this.refundService = refundService;
    this.database = database;
  }

  /** One consistent read of the order and everything done to it. */
  OrderView view(String orderId) {
    return database.snapshot().execute(status -> {
      Order order = orders.find(orderId).orElseThrow(() -> StoreException.orderNotFound(orderId));
      BigDecimal refundable = refundService.refundable(order);
      return new OrderView(
          order.orderId(),
          order.customerId(),
          order.status().name(),
          order.currency(),
          Money.text(order.paidAmount()),
          Money.text(order.paidAmount().subtract(refundable)),
          Money.text(refundable),
          order.address(),
          refunds.forOrder(orderId).stream().map(RefundView::of).toList(),
          discounts.forOrder(orderId).stream().map(DiscountView::of).toList());
    });
  }

  /** Cancelling a cancelled order succeeds again; a shipped one cannot be cancelled (409). */
  StoreResponse cancel(CancelCommand command) {
    Order order = orders.lock(command.orderId());
    if (order.status() == Status.SHIPPED) {
      throw new StoreException(HttpStatus.CONFLICT, "order_shipped",
          "order " + order.orderId() + " has shipped and can no longer be cancelled");
    }
    if (order.status() == Status.PAID) {
      orders.updateStatus(order.orderId(), Status.CANCELLED);
    }
    return StoreResponse.ok(new CancelView(order.orderId(), Status.CANCELLED.name(), order.status().name()));
  }

  /** Answers the previous address, which is what a compensation restores. */
  StoreResponse updateAddress(AddressCommand command) {
    Order order = orders.lock(command.orderId());
    if (order.status() == Status.SHIPPED) {
      throw new StoreException(HttpStatus.CONFLICT, "order_shipped",
          "order " + order.orderId() + " has shipped; its address can no longer change");
    }
    if (order.status() == Status.CANCELLED) {
      throw new StoreException(HttpStatus.CONFLICT, "order_cancelled",
          "order " + order.orderId() + " is cancelled; its address can no longer change");
    }
    orders.updateAddress(order.orderId(), command.address());
    return StoreResponse.ok(new AddressView(order.orderId(), command.address(), order.address()));
  }

  /** The compensation of an address change: refuses nothing about the order's status, so it can always run. */
  StoreResponse restoreAddress(AddressCommand command) {
    Order order = orders.lock(command.orderId());
    orders.updateAddress(order.orderId(), command.address());
    return StoreResponse.ok(new AddressView(order.orderId(), command.address(), order.address()));
  }
}

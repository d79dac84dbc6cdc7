package com.governedactions.samplestore;

import com.governedactions.samplestore.OrderService.AddressCommand;
import com.governedactions.samplestore.OrderService.CancelCommand;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Order management: read an order, cancel it, change and restore its address. */
@RestController
@RequestMapping("/sample-store/orders/{orderId}")
@ConditionalOnSampleStore
class OrdersController {
  record AddressRequest(Address address) {}

  private final StoreCalls calls;
  private final OrderService orders;

  OrdersController(StoreCalls calls, OrderService orders) {
    this.calls = calls;
    this.orders = orders;
  }

  /** The order with its refunds, discounts, address and what is still refundable; 404 when unknown. */
  @GetMapping
  ResponseEntity<Object> order(@PathVariable String orderId) {
    return calls.read(StoreOperation.ORDER_GET, () -> orders.view(orderId));
  }

  /** 200 {orderId, status, previousStatus}, also when already cancelled; 409 order_shipped. */
  @PostMapping("/cancel")
  ResponseEntity<Object> cancel(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key, @PathVariable String orderId) {
    CancelCommand command = new CancelCommand(orderId);
    return calls.change(StoreOperation.ORDER_CANCEL, key, command, k -> orders.cancel(command));
  }

  /** 200 {orderId, address, previousAddress}; 409 order_shipped or order_cancelled. */
  @PutMapping("/address")
  ResponseEntity<Object> updateAddress(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @PathVariable String orderId,
      @RequestBody AddressRequest body) {
    AddressCommand command = new AddressCommand(orderId, Address.validated(body.address(), "address"));
    return calls.change(StoreOperation.ADDRESS_UPDATE, key, command, k -> orders.updateAddress(command));
  }

  /** Puts back a previous address (a compensation): 200 {orderId, address, previousAddress}. */
  @PostMapping("/address/restore")
  ResponseEntity<Object> restoreAddress(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @PathVariable String orderId,
      @RequestBody AddressRequest body) {
    AddressCommand command = new AddressCommand(orderId, Address.validated(body.address(), "address"));
    return calls.change(StoreOperation.ADDRESS_RESTORE, key, command, k -> orders.restoreAddress(command));
  }
}

package com.governedactions.samplestore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test hooks for crash and retry tests. Faults live in memory and apply to every caller.
 *
 * <pre>
 * POST /sample-store/_faults
 *   {"operation": "refunds", "failTimes": 2, "status": 503}   the next 2 refund calls answer 503, doing nothing
 *   {"operation": "refunds", "delayMs": 3000}                 the next refund call commits, then sleeps 3 s
 *   {"operation": "refunds", "delayMs": 3000, "delayTimes": 2}  ... for the next 2 calls
 * DELETE /sample-store/_faults                                  clears every fault
 * </pre>
 *
 * Operations: orders.get, refunds, refunds.remaining, refund-reversals, orders.cancel,
 * orders.address, orders.address.restore, orders.discounts, discount-removals. {@code status} is
 * 400..599 (503 when omitted); failures come first, then delays. A new fault for an operation
 * replaces the old one.
 */
@RestController
@RequestMapping("/sample-store/_faults")
@ConditionalOnSampleStore
class FaultsController {
  private static final long MAX_DELAY_MS = 600_000;

  record FaultRequest(String operation, Integer failTimes, Integer status, Long delayMs, Integer delayTimes) {}

  /** The fault as armed, defaults filled in. */
  record FaultView(String operation, int failTimes, int status, long delayMs, int delayTimes) {
    static FaultView of(Faults.Fault fault) {
      return new FaultView(fault.operation().externalName(), fault.failTimes(), fault.status().value(),
          fault.delayMs(), fault.delayTimes());
    }
  }

  private final Faults faults;

  FaultsController(Faults faults) {
    this.faults = faults;
  }

  @PostMapping
  ResponseEntity<FaultView> inject(@RequestBody FaultRequest request) {
    Faults.Fault fault = validated(request);
    faults.inject(fault);
    return ResponseEntity.status(HttpStatus.CREATED).body(FaultView.of(fault));
  }

  @DeleteMapping
  ResponseEntity<Void> clear() {
    faults.clear();
    return ResponseEntity.noContent().build();
  }

  private static Faults.Fault validated(FaultRequest request) {
    StoreOperation operation = StoreOperation.named(request.operation());
    int failTimes = request.failTimes() == null ? 0 : request.failTimes();
    long delayMs = request.delayMs() == null ? 0 : request.delayMs();
    int delayTimes = request.delayTimes() == null ? (delayMs > 0 ? 1 : 0) : request.delayTimes();
    HttpStatus status = request.status() == null ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.resolve(request.status());
    if (status == null || !status.isError()) {
      throw StoreException.invalid("status must be an HTTP error status 400..599, got " + request.status());
    }
    if (failTimes < 0 || delayTimes < 0 || delayMs < 0 || delayMs > MAX_DELAY_MS) {
      throw StoreException.invalid(
          "failTimes and delayTimes must be >= 0 and delayMs within 0.." + MAX_DELAY_MS);
    }
    if (failTimes == 0 && (delayMs == 0 || delayTimes == 0)) {
      throw StoreException.invalid("nothing to inject: give failTimes > 0, or delayMs > 0");
    }
    return new Faults.Fault(operation, failTimes, status, delayMs, delayTimes);
  }
}

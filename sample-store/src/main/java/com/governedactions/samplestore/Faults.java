package com.governedactions.samplestore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Test hook: failures and slow answers injected per operation, kept in memory (see {@link
 * FaultsController}). A failure is answered before anything is done; a delay is slept after the
 * call's transaction committed and before it answers, which is the window a crash or a client
 * timeout leaves between an effect and its answer.
 */
@Component
@ConditionalOnSampleStore
class Faults {
  /**
   * @param failTimes how many of the next calls fail with {@code status}
   * @param delayMs how long each of the {@code delayTimes} calls after those sleeps before answering
   */
  record Fault(StoreOperation operation, int failTimes, HttpStatus status, long delayMs, int delayTimes) {}

  private final Map<StoreOperation, Armed> armed = new ConcurrentHashMap<>();

  void inject(Fault fault) {
    armed.put(fault.operation(), new Armed(fault));
  }

  void clear() {
    armed.clear();
  }

  ResponseEntity<Object> around(StoreOperation operation, Supplier<ResponseEntity<Object>> call) {
    Armed fault = armed.get(operation);
    if (fault != null && Armed.take(fault.failuresLeft)) {
      throw new StoreException(fault.fault.status(), "injected_fault",
          "fault injected into " + operation.externalName() + " by POST /sample-store/_faults; nothing was done");
    }
    ResponseEntity<Object> response = call.get();
    if (fault != null && fault.fault.delayMs() > 0 && Armed.take(fault.delaysLeft)) {
      sleep(fault.fault.delayMs());
    }
    return response;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Armed {
    final Fault fault;
    final AtomicInteger failuresLeft;
    final AtomicInteger delaysLeft;

    Armed(Fault fault) {
      this.fault = fault;
      this.failuresLeft = new AtomicInteger(fault.failTimes());
      this.delaysLeft = new AtomicInteger(fault.delayTimes());
    }

    /** Uses up one of what is left; false once nothing is. */
    static boolean take(AtomicInteger left) {
      return left.getAndUpdate(n -> Math.max(n - 1, 0)) > 0;
    }
  }
}

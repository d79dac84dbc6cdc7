package com.governedactions.samplestore;

import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** How every endpoint runs: injected faults first, then, for a change, the idempotency contract. */
@Component
@ConditionalOnSampleStore
class StoreCalls {
  private final Faults faults;
  private final Idempotency idempotency;

  StoreCalls(Faults faults, Idempotency idempotency) {
    this.faults = faults;
    this.idempotency = idempotency;
  }

  /**
   * @param request the validated request, hashed to detect a key reused for something else
   * @param effect given the idempotency key, does the change and answers; runs at most once per key
   */
  ResponseEntity<Object> change(
      StoreOperation operation, String idempotencyKey, Object request, Function<String, StoreResponse> effect) {
    String key = Idempotency.requireKey(idempotencyKey);
    return faults.around(operation, () -> idempotency.run(key, operation, request, () -> effect.apply(key)).toEntity());
  }

  ResponseEntity<Object> read(StoreOperation operation, Supplier<Object> read) {
    return faults.around(operation, () -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(read.get()));
  }
}

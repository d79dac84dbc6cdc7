package com.governedactions.samplestore;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What an idempotent call answered: status and body, exactly as stored for its key.
 *
 * @param replayed true when this is the stored answer to an earlier call with the same key
 */
record StoreResponse(int status, Object body, boolean replayed) {
  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  static StoreResponse ok(Object body) {
    return new StoreResponse(HttpStatus.OK.value(), body, false);
  }

  static StoreResponse created(Object body) {
    return new StoreResponse(HttpStatus.CREATED.value(), body, false);
  }

  static StoreResponse refused(StoreException refusal) {
    return new StoreResponse(refusal.status().value(), refusal.toProblem(), false);
  }

  ResponseEntity<Object> toEntity() {
    MediaType type = status >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
    return ResponseEntity.status(status)
        .contentType(type)
        .header(REPLAYED_HEADER, Boolean.toString(replayed))
        .body(body);
  }
}

package com.governedactions.samplestore;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem+json with a machine-readable {@code code} for the store's own controllers only; ordered
 * first so an application-wide handler does not reshape the store's answers.
 */
@RestControllerAdvice(basePackageClasses = SampleStoreErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnSampleStore
class SampleStoreErrors {
  @ExceptionHandler(StoreException.class)
  ResponseEntity<ProblemDetail> refused(StoreException e) {
    return ResponseEntity.status(e.status()).body(e.toProblem());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest()
        .body(StoreException.problem(HttpStatus.BAD_REQUEST, "invalid_request",
            "the request body is missing or is not the JSON this endpoint takes"));
  }
}

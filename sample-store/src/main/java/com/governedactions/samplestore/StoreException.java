package com.governedactions.samplestore;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request the store will not carry out, answered as problem+json with a machine-readable {@code
 * code}. Thrown inside an idempotent call it becomes that key's stored answer, like a success.
 */
class StoreException extends RuntimeException {
  private final HttpStatus status;
  private final String code;

  StoreException(HttpStatus status, String code, String detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }

  /** The request itself is malformed: never reaches the idempotency table. */
  static StoreException invalid(String detail) {
    return new StoreException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
  }

  static StoreException orderNotFound(String orderId) {
    return new StoreException(HttpStatus.NOT_FOUND, "order_not_found", "no order with id " + orderId);
  }

  HttpStatus status() {
    return status;
  }

  String code() {
    return code;
  }

  ProblemDetail toProblem() {
    return problem(status, code, getMessage());
  }

  static ProblemDetail problem(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:sample-store:error:" + code));
    problem.setTitle(status.getReasonPhrase());
    problem.setProperty("code", code);
    return problem;
  }
}

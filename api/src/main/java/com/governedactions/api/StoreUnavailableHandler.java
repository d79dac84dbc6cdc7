package com.governedactions.api;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * PostgreSQL out of reach (refused or dropped connections, an exhausted pool) is a 503 the client
 * may retry, not a 500: nothing was changed, and the workflows already running wait for the
 * database and carry on when it is back. Consulted before {@link ApiExceptionHandler}'s catch-all.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreUnavailableHandler {
  private static final Logger log = LoggerFactory.getLogger(StoreUnavailableHandler.class);
  static final String RETRY_AFTER_SECONDS = "5";

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessResourceException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
    log.warn("PostgreSQL unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
    ApiProblem problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Database unavailable",
        "The service cannot reach its database right now; nothing was changed. Repeat the same request in a few"
            + " seconds: actions already started wait for the database and continue on their own.");
    return ResponseEntity.status(problem.status())
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .body(problem.toProblemDetail());
  }
}

package com.governedactions.connector;

import java.time.Duration;

/**
 * A connector call that did not succeed. {@link #retryable()} decides what the workflow does:
 * timeouts, 5xx and 429 are worth retrying with the same idempotency key; a 4xx or a business
 * refusal ("already refunded") is not.
 */
public class ConnectorException extends RuntimeException {
  private final boolean retryable;
  private final Integer statusCode;
  private final String summary;
  private final Duration retryAfter;

  private ConnectorException(
      boolean retryable, Integer statusCode, String summary, Throwable cause, Duration retryAfter) {
    super(summary, cause);
    this.retryable = retryable;
    this.statusCode = statusCode;
    this.summary = summary;
    this.retryAfter = retryAfter;
  }

  /** The system was not reachable or not able to answer now; the same call may succeed later. */
  public static ConnectorException unavailable(Integer statusCode, String summary, Throwable cause) {
    return new ConnectorException(true, statusCode, summary, cause, null);
  }

  /**
   * Like {@link #unavailable(Integer, String, Throwable)}, but the system (a 429/503 Retry-After) or
   * an open circuit breaker said when a retry can succeed: the next attempt waits that long.
   */
  public static ConnectorException unavailableFor(Integer statusCode, String summary, Duration retryAfter) {
    return new ConnectorException(true, statusCode, summary, null, retryAfter);
  }

  /** The system said no, or the call itself was wrong: repeating it cannot succeed. */
  public static ConnectorException refused(Integer statusCode, String summary) {
    return new ConnectorException(false, statusCode, summary, null, null);
  }

  /** When the next attempt should be made, or null for the activity's normal backoff. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The HTTP status answered, or null when there was no answer (timeout, connection refused). */
  public Integer statusCode() {
    return statusCode;
  }

  /** Short and free of personal data: fit for the audit trail. */
  public String summary() {
    return summary;
  }
}

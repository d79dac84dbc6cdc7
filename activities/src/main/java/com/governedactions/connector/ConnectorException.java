package com.governedactions.connector;

/**
 * A connector call that did not succeed. {@link #retryable()} decides what the workflow does:
 * timeouts, 5xx and 429 are worth retrying with the same idempotency key; a 4xx or a business
 * refusal ("already refunded") is not.
 */
public class ConnectorException extends RuntimeException {
  private final boolean retryable;
  private final Integer statusCode;
  private final String summary;

  private ConnectorException(boolean retryable, Integer statusCode, String summary, Throwable cause) {
    super(summary, cause);
    this.retryable = retryable;
    this.statusCode = statusCode;
    this.summary = summary;
  }

  /** The system was not reachable or not able to answer now; the same call may succeed later. */
  public static ConnectorException unavailable(Integer statusCode, String summary, Throwable cause) {
    return new ConnectorException(true, statusCode, summary, cause);
  }

  /** The system said no, or the call itself was wrong: repeating it cannot succeed. */
  public static ConnectorException refused(Integer statusCode, String summary) {
    return new ConnectorException(false, statusCode, summary, null);
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

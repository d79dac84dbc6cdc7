package com.governedactions.connector;

/** The ApplicationFailure types connectors fail with. One place, so retry options can name them. */
public enum ConnectorErrors {
  /** A business refusal (4xx, "already refunded"): retrying cannot help. */
  REFUSED,
  /** Timeouts, 5xx, 429: retried with backoff. */
  UNAVAILABLE,
  /** No connector serves the operation: a configuration error, never retried. */
  UNKNOWN_OPERATION;

  public String type() {
    return "Connector" + switch (this) {
      case REFUSED -> "Refused";
      case UNAVAILABLE -> "Unavailable";
      case UNKNOWN_OPERATION -> "UnknownOperation";
    };
  }
}

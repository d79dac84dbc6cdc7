package com.governedactions.action.connector;

/**
 * The ApplicationFailure types activities fail with: the project's one list of them, so retry
 * options and workflow code can name them. Mostly connectors', hence the name.
 */
public enum ConnectorErrors {
  /** A business refusal (4xx, "already refunded"): retrying cannot help. */
  REFUSED,
  /** Timeouts, 5xx, 429: retried with backoff. */
  UNAVAILABLE,
  /** No connector serves the operation: a configuration error, never retried. */
  UNKNOWN_OPERATION,
  /**
   * The audit writer was given an event whose (action id, seq) is already stored with different
   * content, or by another run of the workflow: never retried, never dropped; the workflow turns it
   * into a failed workflow task (docs/audit-integrity.md).
   */
  AUDIT_CONFLICT;

  public String type() {
    return switch (this) {
      case REFUSED -> "ConnectorRefused";
      case UNAVAILABLE -> "ConnectorUnavailable";
      case UNKNOWN_OPERATION -> "ConnectorUnknownOperation";
      case AUDIT_CONFLICT -> "AuditConflict";
    };
  }
}

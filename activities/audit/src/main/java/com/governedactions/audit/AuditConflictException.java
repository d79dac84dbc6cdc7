package com.governedactions.audit;

/**
 * An audit event whose (action id, seq) is already stored with other content, or by another
 * workflow run: never a retry, never dropped. The writer reports it to Temporal as a non-retryable
 * {@code AuditConflict} failure ({@code ConnectorErrors.AUDIT_CONFLICT}); nothing of the batch is
 * written.
 */
final class AuditConflictException extends RuntimeException {
  AuditConflictException(String message) {
    super(message);
  }
}

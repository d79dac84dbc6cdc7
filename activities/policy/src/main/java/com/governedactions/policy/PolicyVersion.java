package com.governedactions.policy;

import java.time.Instant;

/**
 * One stored version of the policy.
 *
 * @param document the document exactly as its author sent it
 * @param format {@code yaml} or {@code json}
 * @param author the principal who wrote it ({@code system} for the policy seeded from file)
 * @param baseVersion the version that was active when it was written: what its diff is against
 * @param decidedBy under dual control, the second policy admin who approved or rejected it
 * @param reason why it was rejected
 * @param activatedAt when it became active; null if it never did
 */
public record PolicyVersion(
    long version,
    String document,
    String format,
    String author,
    Instant createdAt,
    Status status,
    Long baseVersion,
    String decidedBy,
    Instant decidedAt,
    String reason,
    Instant activatedAt) {

  public enum Status {
    /** the one every new rule check uses */
    ACTIVE,
    /** was active, replaced by a later version */
    SUPERSEDED,
    /** waits for a second policy admin (dual control) */
    PENDING,
    /** a second policy admin refused it; it never became active */
    REJECTED
  }
}

package com.governedactions.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code governed.audit.writer.*}: how the audit writer groups concurrent batches into shared
 * transactions (docs/audit-integrity.md, "Group commit").
 *
 * @param concurrentTransactions how many groups may be written at once, each on its own pooled
 *     connection; keep it below the connection pool's size
 * @param maxGroup the most batches one transaction takes
 */
@ConfigurationProperties("governed.audit.writer")
public record AuditWriterProperties(Integer concurrentTransactions, Integer maxGroup) {
  public AuditWriterProperties {
    concurrentTransactions = concurrentTransactions == null ? 2 : concurrentTransactions;
    maxGroup = maxGroup == null ? 64 : maxGroup;
    if (concurrentTransactions < 1) {
      throw new IllegalArgumentException(
          "governed.audit.writer.concurrent-transactions must be 1 or more, was " + concurrentTransactions);
    }
    if (maxGroup < 1) {
      throw new IllegalArgumentException("governed.audit.writer.max-group must be 1 or more, was " + maxGroup);
    }
  }

  static AuditWriterProperties defaults() {
    return new AuditWriterProperties(null, null);
  }
}

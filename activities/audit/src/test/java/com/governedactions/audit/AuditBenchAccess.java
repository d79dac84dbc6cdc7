package com.governedactions.audit;

import com.governedactions.action.audit.AuditActivities;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Lets the benchmark build the audit writer and verifier exactly as the worker does, without Spring. */
public final class AuditBenchAccess {
  private AuditBenchAccess() {}

  /** The writer as the worker builds it, grouping up to {@code maxGroup} batches per transaction. */
  public static AuditActivities writer(DataSource dataSource, int concurrentTransactions, int maxGroup) {
    return new AuditActivitiesImpl(
        new JdbcTemplate(dataSource),
        new DataSourceTransactionManager(dataSource),
        new Redactor(RedactionProperties.defaults()),
        IntegrityProperties.defaults(),
        new AuditWriterProperties(concurrentTransactions, maxGroup));
  }

  /** The writer's default grouping. */
  public static AuditWriterProperties defaultWriter() {
    return AuditWriterProperties.defaults();
  }

  /** What {@code GET /api/v1/audit/verify} runs, with the key the writer uses. */
  public static AuditVerifier verifier(DataSource dataSource) {
    return new AuditVerifier(
        new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), IntegrityProperties.defaults());
  }

  /** The key the default configuration (and so this benchmark's writer and verifier) hashes with. */
  public static AuditKey key() {
    return IntegrityProperties.defaults().auditKey();
  }
}

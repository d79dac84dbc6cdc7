package com.governedactions.audit;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Lets the benchmark build the audit writer and verifier exactly as the worker does, without Spring. */
public final class AuditBenchAccess {
  private AuditBenchAccess() {}

  public static AuditActivities writer(DataSource dataSource) {
    return new AuditActivitiesImpl(
        new JdbcTemplate(dataSource),
        new DataSourceTransactionManager(dataSource),
        new Redactor(RedactionProperties.defaults()),
        IntegrityProperties.defaults());
  }

  /** The writer before its round trips were cut, for the before/after ratio. */
  public static AuditActivities baselineWriter(DataSource dataSource) {
    return new BaselineAuditWriter(
        new JdbcTemplate(dataSource),
        new DataSourceTransactionManager(dataSource),
        new Redactor(RedactionProperties.defaults()),
        IntegrityProperties.defaults());
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

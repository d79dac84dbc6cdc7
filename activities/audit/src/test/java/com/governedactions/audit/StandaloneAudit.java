package com.governedactions.audit;

import com.governedactions.action.audit.AuditActivities;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The audit writer and verifier exactly as the worker builds them, without Spring, for code outside
 * the audit module that needs the real ones: the audit benchmark (bench) and the API tests. Shipped
 * in this module's test-jar, so the classes behind it stay package-private.
 */
public final class StandaloneAudit {
  private StandaloneAudit() {}

  /** The writer with the default redaction, integrity and grouping settings. */
  public static AuditActivities writer(DataSource dataSource) {
    return new AuditActivitiesImpl(
        new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource),
        new Redactor(RedactionProperties.defaults()), IntegrityProperties.defaults());
  }

  /** What {@code GET /api/v1/audit/verify} returns for this database. */
  public static AuditVerification verify(DataSource dataSource) {
    return verifier(dataSource).verify();
  }

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

package com.governedactions.audit;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Lets the benchmark build the audit writer exactly as the worker does, without Spring. */
public final class AuditBenchAccess {
  private AuditBenchAccess() {}

  public static AuditActivities writer(DataSource dataSource) {
    return new AuditActivitiesImpl(
        new JdbcTemplate(dataSource),
        new DataSourceTransactionManager(dataSource),
        new Redactor(RedactionProperties.defaults()),
        IntegrityProperties.defaults());
  }
}

package com.governedactions.audit;

import com.governedactions.action.audit.AuditActivities;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The audit writer and verifier exactly as the worker builds them, for API tests without Spring. */
public final class AuditTestAccess {
  private AuditTestAccess() {}

  public static AuditActivities writer(DataSource dataSource) {
    return new AuditActivitiesImpl(
        new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource),
        new Redactor(RedactionProperties.defaults()), IntegrityProperties.defaults());
  }

  public static AuditVerification verify(DataSource dataSource) {
    return new AuditVerifier(
            new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), IntegrityProperties.defaults())
        .verify();
  }
}

package com.governedactions.audit;

import com.governedactions.action.audit.AuditActivities;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** The test database and the real audit writer, for tests of features built on the audit store. */
public final class AuditTestSupport {
  private AuditTestSupport() {}

  public static DataSource dataSource() {
    return TestDatabase.DATA_SOURCE;
  }

  public static JdbcClient client() {
    return TestDatabase.CLIENT;
  }

  public static PlatformTransactionManager transactions() {
    return new DataSourceTransactionManager(TestDatabase.DATA_SOURCE);
  }

  /** The writer the workflow's audit activity uses, with the default redaction rules. */
  public static AuditActivities writer() {
    return TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  }

  public static String uniquePrefix(String test) {
    return TestDatabase.uniquePrefix(test);
  }

  public static void deleteAction(String actionId) {
    TestDatabase.deleteAction(actionId);
  }

  public static void deleteActionsStartingWith(String prefix) {
    TestDatabase.deleteActionsStartingWith(prefix);
  }
}

package com.governedactions.policy;

import com.governedactions.audit.TestDatabase;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The policy tables of the real PostgreSQL test database (the audit tests' {@link TestDatabase}). */
final class PolicyTestDatabase {
  static final DataSource DATA_SOURCE = TestDatabase.DATA_SOURCE;
  static final JdbcClient JDBC = TestDatabase.CLIENT;

  private PolicyTestDatabase() {}

  static PolicyVersionStore store() {
    return new PolicyVersionStore(JDBC, new DataSourceTransactionManager(DATA_SOURCE));
  }

  /**
   * Policy versions are global, not per action: tests that write them start from an empty table.
   * The next process to start seeds its file policy again.
   */
  static void forgetAllVersions() {
    JDBC.sql("DELETE FROM governed.policy_version").update();
  }
}

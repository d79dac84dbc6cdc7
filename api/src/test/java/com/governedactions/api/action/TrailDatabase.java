package com.governedactions.api.action;

import com.governedactions.action.audit.AuditActivities;
import com.governedactions.audit.StandaloneAudit;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The real test database (GOVERNED_TEST_DB_URL), migrated, with the audit writer the worker uses. */
final class TrailDatabase {
  static final DataSource DATA_SOURCE = migrated();
  static final AuditActivities WRITER = StandaloneAudit.writer(DATA_SOURCE);
  private static final JdbcTemplate JDBC = new JdbcTemplate(DATA_SOURCE);

  private TrailDatabase() {}

  static int eventCount(String actionId) {
    return JDBC.queryForObject("SELECT count(*) FROM governed.audit_event WHERE action_id = ?", Integer.class, actionId);
  }

  /**
   * Audit rows are append-only even for the owner: a test removes its own actions as a superuser
   * with the triggers off, whole actions, so what other tests left still verifies.
   */
  static void deleteActions(List<String> actionIds) {
    if (actionIds.isEmpty()) {
      return;
    }
    new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE)).executeWithoutResult(status -> {
      JDBC.execute("SET LOCAL session_replication_role = replica");
      for (String actionId : actionIds) {
        JDBC.update("DELETE FROM governed.audit_event WHERE action_id = ?", actionId);
        JDBC.update("DELETE FROM governed.audit_chain_head WHERE action_id = ?", actionId);
        JDBC.update("DELETE FROM governed.action WHERE action_id = ?", actionId);
      }
    });
  }

  private static DataSource migrated() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"));
    dataSource.setUser("postgres");
    Flyway.configure()
        .dataSource(dataSource)
        .schemas("governed")
        .locations("classpath:db/migration")
        .ignoreMigrationPatterns("*:missing")
        .load()
        .migrate();
    return dataSource;
  }
}

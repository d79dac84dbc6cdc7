package com.governedactions.audit;

import com.governedactions.action.audit.AuditActivities;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The real PostgreSQL test database (GOVERNED_TEST_DB_URL), migrated once per JVM with every migration on
 * the test classpath. Public for the modules that read audit's tables (policy, reversal) through the
 * audit test-jar.
 */
public final class TestDatabase {
  static final String URL =
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test");
  static final String USER = System.getProperty("governed.test.db.user", "postgres");

  public static final DataSource DATA_SOURCE = migrated();
  public static final JdbcTemplate JDBC = new JdbcTemplate(DATA_SOURCE);
  public static final JdbcClient CLIENT = JdbcClient.create(DATA_SOURCE);

  private TestDatabase() {}

  static AuditActivitiesImpl auditWriter(Redactor redactor) {
    return new AuditActivitiesImpl(
        JDBC, new DataSourceTransactionManager(DATA_SOURCE), redactor, IntegrityProperties.defaults());
  }

  /** The audit writer with the default redaction and integrity settings, as another module sees it. */
  public static AuditActivities auditTrail() {
    return auditWriter(new Redactor(RedactionProperties.defaults()));
  }

  /** A prefix no other test run uses, so tests neither see nor delete each other's rows. */
  public static String uniquePrefix(String test) {
    return "test-" + test + "-" + UUID.randomUUID() + "-";
  }

  /**
   * Audit rows are append-only, even for the owner; a test cleans up as a superuser with the
   * triggers off (session_replication_role = replica), which is exactly the kind of change the hash
   * chain exists to expose: it takes the whole action, so what remains still verifies.
   */
  public static void deleteActionsStartingWith(String prefix) {
    new org.springframework.transaction.support.TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE))
        .executeWithoutResult(status -> {
          JDBC.execute("SET LOCAL session_replication_role = replica");
          JDBC.update("DELETE FROM governed.audit_event WHERE action_id LIKE ?", prefix + "%");
          JDBC.update("DELETE FROM governed.audit_chain_head WHERE action_id LIKE ?", prefix + "%");
          JDBC.update("DELETE FROM governed.action WHERE action_id LIKE ?", prefix + "%");
        });
  }

  /** One action's rows exactly, past the append-only triggers (as the owner, triggers off). */
  static void deleteAction(String actionId) {
    new org.springframework.transaction.support.TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE))
        .executeWithoutResult(status -> {
          JDBC.execute("SET LOCAL session_replication_role = replica");
          JDBC.update("DELETE FROM governed.audit_event WHERE action_id = ?", actionId);
          JDBC.update("DELETE FROM governed.audit_chain_head WHERE action_id = ?", actionId);
          JDBC.update("DELETE FROM governed.action WHERE action_id = ?", actionId);
        });
  }

  private static DataSource migrated() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(URL);
    dataSource.setUser(USER);
    Flyway.configure()
        .dataSource(dataSource)
        .schemas("governed")
        .locations("classpath:db/migration")
        // other branches may have applied later migrations to the shared test database
        .ignoreMigrationPatterns("*:missing")
        // each feature module's tests see only the migrations on their classpath (audit's alone, or
        // audit's and policy's): a module run after another applies its own lower versions late
        .outOfOrder(true)
        .load()
        .migrate();
    return dataSource;
  }
}

package com.governedactions.rules;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The real PostgreSQL test database (GOVERNED_TEST_DB_URL), migrated once per JVM. */
final class PolicyTestDatabase {
  static final String URL =
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test");
  static final String USER = System.getProperty("governed.test.db.user", "postgres");
  static final DataSource DATA_SOURCE = migrated();
  static final JdbcClient JDBC = JdbcClient.create(DATA_SOURCE);

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

  private static DataSource migrated() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(URL);
    dataSource.setUser(USER);
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

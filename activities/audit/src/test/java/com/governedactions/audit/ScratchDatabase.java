package com.governedactions.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A database of its own, created next to the test database and dropped afterwards: tampering and
 * whole-trail verification need a trail no other test writes to.
 */
final class ScratchDatabase implements AutoCloseable {
  final String name;
  final String url;
  /** The owner: the superuser that runs the migrations. */
  final PGSimpleDataSource owner;

  private ScratchDatabase(String name) {
    this.name = name;
    this.url = TestDatabase.URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    this.owner = new PGSimpleDataSource();
    owner.setUrl(url);
    owner.setUser(TestDatabase.USER);
  }

  /** A database no migration ever ran in, as an operator's typo or a fresh cluster gives one. */
  static ScratchDatabase empty() {
    String base = TestDatabase.URL.replaceFirst("^.*/([^/?]+).*$", "$1");
    ScratchDatabase db = new ScratchDatabase(base + "_empty_" + UUID.randomUUID().toString().substring(0, 8));
    TestDatabase.JDBC.execute("CREATE DATABASE " + db.name);
    return db;
  }

  static ScratchDatabase migrated() {
    return created(null);
  }

  /** Migrated up to {@code target} only (null: all), to test a migration against older rows. */
  static ScratchDatabase created(String target) {
    String base = TestDatabase.URL.replaceFirst("^.*/([^/?]+).*$", "$1");
    ScratchDatabase db = new ScratchDatabase(base + "_scratch_" + UUID.randomUUID().toString().substring(0, 8));
    TestDatabase.JDBC.execute("CREATE DATABASE " + db.name);
    db.migrate(target);
    return db;
  }

  void migrate(String target) {
    var flyway = Flyway.configure()
        .dataSource(owner)
        .schemas("governed")
        .locations("classpath:db/migration");
    if (target != null) {
      flyway.target(target);
    }
    flyway.load().migrate();
  }

  JdbcTemplate ownerJdbc() {
    return new JdbcTemplate(owner);
  }

  /** Connections as the service makes them: logged in as the owner, working as governed_app. */
  DataSource appRole() {
    return asAppRole(owner);
  }

  static DataSource asAppRole(DataSource login) {
    return new DelegatingDataSource(login) {
      @Override
      public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET ROLE governed_app");
        }
        return connection;
      }
    };
  }

  @Override
  public void close() {
    TestDatabase.JDBC.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}

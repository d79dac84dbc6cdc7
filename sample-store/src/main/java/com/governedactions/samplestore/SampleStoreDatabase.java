package com.governedactions.samplestore;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's schema {@code sample_store}, migrated from {@code classpath:db/sample-store} by a
 * Flyway of its own with its own history table. Deliberately not a {@link Flyway} bean, nor a
 * transaction-manager bean: Spring Boot's auto-configurations back off when one exists, and they
 * must keep serving the audit schema. Repositories get their database access from here, so the
 * schema is current before any of them touches it.
 */
@Component
@ConditionalOnSampleStore
class SampleStoreDatabase {
  static final String SCHEMA = "sample_store";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final TransactionTemplate savepoint;
  private final TransactionTemplate snapshot;

  private final HikariDataSource pool;

  /**
   * The store stands for another company's system: it gets a pool of its own under the login user,
   * not the service's audit role (governed_app may not create its schema or touch its tables).
   */
  SampleStoreDatabase(DataSource serviceDataSource) {
    this.pool = DataSourceBuilder.derivedFrom(serviceDataSource).type(HikariDataSource.class).build();
    pool.setPoolName("sample-store");
    DataSource dataSource = pool;
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .defaultSchema(SCHEMA)
        .createSchemas(true)
        .table("sample_store_schema_history")
        .locations("classpath:db/sample-store")
        .load()
        .migrate();
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(transactions);
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.snapshot = new TransactionTemplate(transactions);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.snapshot.setReadOnly(true);
  }

  /** A new row id: {@code prefix} and 20 random hex digits, like {@code re_3f0c...}. */
  static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  @PreDestroy
  void close() {
    pool.close();
  }

  /** Joins the current transaction when there is one. */
  JdbcClient jdbc() {
    return jdbc;
  }

  TransactionTemplate transaction() {
    return transaction;
  }

  /** Several reads that see one state of the database. */
  TransactionTemplate snapshot() {
    return snapshot;
  }

  /** A savepoint inside the current transaction: a refusal rolls back to it, not the whole call. */
  TransactionTemplate savepoint() {
    return savepoint;
  }
}

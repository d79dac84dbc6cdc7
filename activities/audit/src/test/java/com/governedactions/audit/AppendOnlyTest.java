package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.event;
import static com.governedactions.audit.AuditFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.CanonicalHash;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit rows are append-only: the service's role may only INSERT and SELECT them (grants), and
 * nobody may UPDATE, DELETE or TRUNCATE them, not even the owner (triggers).
 */
class AppendOnlyTest {
  @TempDir static Path checkpoints;
  private static ScratchDatabase db;
  private static JdbcTemplate owner;
  private static JdbcTemplate app;
  private static DataSource appRole;
  private static final String ACTION = "action-append-only";

  @BeforeAll
  static void writeOneAction() {
    db = ScratchDatabase.migrated();
    owner = db.ownerJdbc();
    appRole = db.appRole();
    app = new JdbcTemplate(appRole);
    ActionRequest request = refund("append-only", "conv-1");
    new AuditActivitiesImpl(app, new DataSourceTransactionManager(appRole), new Redactor(RedactionProperties.defaults()),
        IntegrityProperties.defaults())
        .record(new com.governedactions.action.audit.AuditBatch(ACTION, request, CanonicalHash.ofRequest(request),
            AuditFixtures.CREATED, List.of(
                event(request, ACTION, 1, com.governedactions.action.audit.AuditEventType.REQUESTED, ActionStatus.EVALUATING),
                event(request, ACTION, 2, com.governedactions.action.audit.AuditEventType.DENIED, ActionStatus.DENIED))));
    new AuditCheckpointer(app, new DataSourceTransactionManager(appRole),
        new IntegrityProperties(null, null, null, checkpoints, false)).checkpoint();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void given_appRole_when_writingAndReadingThroughTheWriter_then_bothWork() {
    assertThat(app.queryForObject("SELECT count(*) FROM governed.audit_event WHERE action_id = ?", Integer.class, ACTION))
        .isEqualTo(2);
    assertThat(app.queryForObject("SELECT current_user", String.class)).isEqualTo("governed_app");
  }

  @Test
  void given_appRole_when_updatingDeletingOrTruncatingAuditRows_then_refusedByGrants() {
    Map<String, String> aColumn = Map.of("audit_event", "detail", "audit_checkpoint", "key_id",
        "audit_checkpoint_head", "seq", "audit_retention_anchor", "seq");
    aColumn.forEach((table, column) -> {
      assertRefused(app, "UPDATE governed." + table + " SET " + column + " = " + column, "42501");
      assertRefused(app, "DELETE FROM governed." + table, "42501");
      assertRefused(app, "TRUNCATE governed." + table, "42501");
    });
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void given_appRole_when_declaringRetentionAndDeleting_then_stillRefused() {
    assertThat(sqlStateOf(app, jdbc -> {
      jdbc.execute("SET LOCAL governed.audit_retention = 'on'");
      jdbc.update("DELETE FROM governed.audit_event");
    })).isEqualTo("42501");
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void given_owner_when_updatingDeletingOrTruncatingAuditRows_then_refusedByTriggers() {
    assertRefused(owner, "UPDATE governed.audit_event SET detail = 'rewritten'", "23001");
    assertRefused(owner, "DELETE FROM governed.audit_event", "23001");
    assertRefused(owner, "TRUNCATE governed.audit_event", "23001");
    assertRefused(owner, "TRUNCATE governed.audit_event CASCADE", "23001");
    assertRefused(owner, "UPDATE governed.audit_checkpoint SET key_id = 'forged'", "23001");
    assertRefused(owner, "DELETE FROM governed.audit_checkpoint_head", "23001");
    assertRefused(owner, "TRUNCATE governed.audit_checkpoint_head", "23001");
    assertRefused(owner, "TRUNCATE governed.audit_retention_anchor", "23001");
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void given_owner_when_truncateRefused_then_theMessageSaysWhy() {
    assertThatThrownBy(() -> inRolledBackTransaction(owner, jdbc -> jdbc.execute("TRUNCATE governed.audit_event")))
        .hasMessageContaining("governed.audit_event is append-only: TRUNCATE refused");
  }

  private static void assertRefused(JdbcTemplate who, String statement, String sqlState) {
    assertThat(sqlStateOf(who, jdbc -> jdbc.execute(statement))).as(statement).isEqualTo(sqlState);
  }

  /** Runs in a transaction that is rolled back even if the statement was (wrongly) allowed. */
  private static String sqlStateOf(JdbcTemplate who, Consumer<JdbcTemplate> statements) {
    try {
      inRolledBackTransaction(who, statements);
    } catch (DataAccessException e) {
      return e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : e.toString();
    }
    return "allowed";
  }

  private static void inRolledBackTransaction(JdbcTemplate who, Consumer<JdbcTemplate> statements) {
    new TransactionTemplate(new DataSourceTransactionManager(who.getDataSource())).executeWithoutResult(status -> {
      status.setRollbackOnly();
      statements.accept(who);
    });
  }

  private static int count() {
    return owner.queryForObject("SELECT count(*) FROM governed.audit_event", Integer.class);
  }
}

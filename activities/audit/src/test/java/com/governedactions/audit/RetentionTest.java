package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Retention: old events leave through a CSV export and a signed anchor, by the owner only. */
class RetentionTest {
  private static final Instant OLD = Instant.now().minus(400, ChronoUnit.DAYS);
  private static final Instant RECENT = Instant.now().minus(1, ChronoUnit.HOURS);
  @TempDir Path checkpoints;
  @TempDir Path exports;
  private Trail trail;

  @BeforeEach
  void trail() {
    trail = new Trail(checkpoints);
    trail.write("action-old", 1, 3, OLD);
    trail.write("action-mixed", 1, 2, OLD);
    trail.write("action-mixed", 3, 4, RECENT);
    trail.write("action-new", 1, 2, RECENT);
    formulaEvent("action-old", 4, OLD);
    trail.checkpointer.checkpoint();
  }

  @AfterEach
  void drop() {
    trail.close();
  }

  @Test
  void given_eventsPastRetention_when_ownerApplies_then_exportedAnchoredRemovedAndTheRestStillVerifies() throws Exception {
    AuditRetention.Result result = new AuditRetention(trail.db.owner, trail.integrity).apply(Duration.ofDays(365), exports);

    assertThat(result.actions()).isEqualTo(2);
    assertThat(result.events()).isEqualTo(6);
    assertThat(seqs("action-old")).isEmpty();
    assertThat(seqs("action-mixed")).containsExactly(3, 4);
    assertThat(seqs("action-new")).containsExactly(1, 2);
    List<CSVRecord> exported = csv(result.file());
    assertThat(exported).extracting(row -> row.get("action_id") + "#" + row.get("seq"))
        .containsExactly("action-mixed#1", "action-mixed#2", "action-old#1", "action-old#2", "action-old#3", "action-old#4");
    assertThat(trail.owner.queryForList("SELECT action_id || '#' || seq FROM governed.audit_retention_anchor"
        + " ORDER BY action_id", String.class)).containsExactly("action-mixed#2", "action-old#4");
    assertThat(trail.verifier(trail.owner).verify(trail.outside())).isEqualTo(AuditVerification.ok(4));

    trail.write("action-mixed", 5, 5, RECENT);
    trail.write("action-old", 5, 6, RECENT);
    trail.checkpointer.checkpoint();
    assertThat(trail.verifier(trail.owner).verify(trail.outside())).isEqualTo(AuditVerification.ok(7));
  }

  @Test
  void given_cellsThatLookLikeFormulas_when_exported_then_theyAreNeutralised() throws Exception {
    AuditRetention.Result result = new AuditRetention(trail.db.owner, trail.integrity).apply(Duration.ofDays(365), exports);

    CSVRecord formula = csv(result.file()).stream().filter(row -> row.get("seq").equals("4")).findFirst().orElseThrow();
    assertThat(formula.get("detail")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
    assertThat(formula.get("connector_summary")).isEqualTo("'@SUM(A1)");
    assertThat(formula.get("conversation_id")).isEqualTo("'+1 555 0100");
    assertThat(formula.get("customer_id")).isEqualTo("'\tC-1");
    assertThat(formula.get("action_type")).isEqualTo("refund");
    assertThat(formula.get("decided_by")).isEqualTo("'-mallory");
  }

  @Test
  void given_appRole_when_applyingRetention_then_refusedAndNothingRemovedOrExported() throws Exception {
    AuditRetention asApp = new AuditRetention(trail.db.appRole(), trail.integrity);

    assertThatThrownBy(() -> asApp.apply(Duration.ofDays(365), exports))
        .isInstanceOfSatisfying(DataAccessException.class,
            e -> assertThat(((SQLException) e.getMostSpecificCause()).getSQLState()).isEqualTo("42501"));
    assertThat(trail.owner.queryForObject("SELECT count(*) FROM governed.audit_event", Integer.class)).isEqualTo(10);
    try (Stream<Path> files = Files.list(exports)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void given_anchorForgedByTheOwnerToHideADeletion_when_verified_then_found() {
    new AuditRetention(trail.db.owner, trail.integrity).apply(Duration.ofDays(365), exports);
    SingleConnectionDataSource connection = new SingleConnectionDataSource(trail.db.url, TestDatabase.USER, "", true);
    try {
      JdbcTemplate owner = new JdbcTemplate(connection);
      AuditVerification result = new TransactionTemplate(new DataSourceTransactionManager(connection)).execute(status -> {
        status.setRollbackOnly();
        owner.execute("SET LOCAL session_replication_role = replica");
        owner.update("INSERT INTO governed.audit_retention_anchor SELECT 'action-new', 1, hash, 1, cutoff, export_file,"
            + " removed_at, key_id, signature FROM governed.audit_retention_anchor WHERE action_id = 'action-old'");
        owner.update("UPDATE governed.audit_retention_anchor a SET hash = e.hash FROM governed.audit_event e"
            + " WHERE a.action_id = 'action-new' AND e.action_id = 'action-new' AND e.seq = 1");
        owner.update("DELETE FROM governed.audit_event WHERE action_id = 'action-new' AND seq = 1");
        return trail.verifier(owner).verify(trail.outside());
      });
      assertThat(result.ok()).isFalse();
      assertThat(result.broken().actionId()).isEqualTo("action-new");
      assertThat(result.broken().reason()).contains("retention anchor is not signed");
    } finally {
      connection.destroy();
    }
  }

  private void formulaEvent(String actionId, int seq, Instant at) {
    ActionRequest request = AuditFixtures.refund(actionId, "conv-" + actionId);
    trail.writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), at, List.of(
        new AuditEvent(actionId, seq, at.plusSeconds(seq), AuditEventType.REJECTED, "refund", ActionStatus.REJECTED,
            "support-bot", "-mallory", "+1 555 0100", "\tC-1", Map.of(), 502, "@SUM(A1)", 3L, 7L, List.of(),
            "=HYPERLINK(\"http://evil\",\"x\")", null))));
  }

  private List<Integer> seqs(String actionId) {
    return trail.owner.queryForList(
        "SELECT seq FROM governed.audit_event WHERE action_id = ? ORDER BY seq", Integer.class, actionId);
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader in = Files.newBufferedReader(file)) {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
    }
  }
}

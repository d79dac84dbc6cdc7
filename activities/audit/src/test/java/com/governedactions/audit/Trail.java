package com.governedactions.audit;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * An audit trail in a scratch database, written the way the service writes it: the writer and the
 * checkpointer as governed_app, checkpoints to a directory of the test's own.
 */
final class Trail implements AutoCloseable {
  final ScratchDatabase db;
  final IntegrityProperties integrity;
  final JdbcTemplate owner;
  final AuditActivitiesImpl writer;
  final AuditCheckpointer checkpointer;

  Trail(Path checkpointDirectory) {
    db = ScratchDatabase.migrated();
    integrity = new IntegrityProperties(null, null, null, checkpointDirectory, false);
    owner = db.ownerJdbc();
    DataSource app = db.appRole();
    JdbcTemplate appJdbc = new JdbcTemplate(app);
    writer = new AuditActivitiesImpl(appJdbc, new DataSourceTransactionManager(app),
        new Redactor(RedactionProperties.defaults()), integrity);
    checkpointer = new AuditCheckpointer(appJdbc, new DataSourceTransactionManager(app), integrity);
  }

  /** Events {@code from..to} of an action; params with nested JSON and numbers jsonb rewrites. */
  void write(String actionId, int from, int to, Instant firstAt) {
    writer.record(batch(actionId, from, to, firstAt));
  }

  /** The batch {@link #write} records. */
  AuditBatch batch(String actionId, int from, int to, Instant firstAt) {
    ActionRequest request = AuditFixtures.request(actionId, "refund", "conv-" + actionId,
        Map.of("orderId", "A-1", "amount", "89.50", "currency", "USD",
            "lines", List.of(Map.of("sku", "X-1", "qty", 2, "weight", 1.50), Map.of("sku", "Y-2", "qty", 1e20))));
    List<AuditEvent> events = new ArrayList<>();
    for (int seq = from; seq <= to; seq++) {
      AuditEvent template = AuditFixtures.event(request, actionId, seq, AuditEventType.values()[seq % 5],
          ActionStatus.values()[seq % 4], "step " + seq);
      events.add(new AuditEvent(actionId, seq, firstAt.plus(seq, ChronoUnit.SECONDS), template.type(),
          template.actionType(), template.status(), template.requester(), "alice", template.conversationId(),
          template.customerId(), template.params(), 200, "ok", 12L, 7L, List.of("r1", "r2"), template.detail(),
          seq % 2 == 0 ? "a note" : null, seq % 3 == 0 ? receipt(actionId, request, firstAt) : null));
    }
    return new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), firstAt, events);
  }

  /** The consent receipt every third event carries, as a confirmation's events do. */
  static ConsentReceipt receipt(String actionId, ActionRequest request, Instant issuedAt) {
    return ConsentReceipt.issue("receipt-" + actionId, actionId, request, "Refund USD 89.50 to order A-1?",
        CanonicalHash.ofAction(request.type(), request.params()), 7, issuedAt, issuedAt.plusSeconds(900));
  }

  Optional<Checkpoint> outside() {
    try {
      return CheckpointFile.read(integrity.checkpointDirectory(), db.name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  AuditVerifier verifier(JdbcTemplate jdbc) {
    return new AuditVerifier(jdbc, new DataSourceTransactionManager(jdbc.getDataSource()), integrity);
  }

  @Override
  public void close() {
    db.close();
  }
}

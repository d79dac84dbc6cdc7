package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.connector.ConnectorErrors;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The audit writer chains each action's events, exactly once, without a lock shared by actions. */
class AuditChainWriterTest {
  private static final Instant AT = Instant.parse("2026-02-01T08:00:00Z");
  @TempDir Path checkpoints;
  private Trail trail;

  @BeforeEach
  void trail() {
    trail = new Trail(checkpoints);
  }

  @AfterEach
  void drop() {
    trail.close();
  }

  @Test
  void given_firstEvents_when_recorded_then_theChainStartsAtGenesisAndLinksEachToTheOneBefore() {
    trail.write("action-a", 1, 3, AT);

    List<Map<String, Object>> rows = rows("action-a");
    assertThat((byte[]) rows.get(0).get("prev_hash")).isEqualTo(AuditChainHash.GENESIS);
    assertThat((byte[]) rows.get(1).get("prev_hash")).isEqualTo(rows.get(0).get("hash"));
    assertThat((byte[]) rows.get(2).get("prev_hash")).isEqualTo(rows.get(1).get("hash"));
    assertThat(trail.owner.queryForMap("SELECT seq, hash FROM governed.audit_chain_head WHERE action_id = 'action-a'"))
        .containsEntry("seq", 3)
        .hasEntrySatisfying("hash", hash -> assertThat((byte[]) hash).isEqualTo(rows.get(2).get("hash")));
  }

  @Test
  void given_batchRetried_when_recorded_then_noEventAddedAndNoHashChanged() {
    trail.write("action-a", 1, 3, AT);
    List<Map<String, Object>> before = rows("action-a");

    trail.write("action-a", 1, 3, AT);
    // A workflow task run again after a crash reads the workflow clock again: same events, later times.
    trail.writer.record(withDurations(trail.batch("action-a", 1, 3, AT.plusSeconds(60)), 99L));

    assertThat(rows("action-a")).usingRecursiveComparison().isEqualTo(before);
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(3));
  }

  @Test
  void given_storedEvent_when_anotherEventArrivesUnderItsSeq_then_refusedAsAConflictAndNothingWritten() {
    trail.write("action-a", 1, 3, AT);
    List<Map<String, Object>> before = rows("action-a");
    AuditBatch retry = trail.batch("action-a", 1, 4, AT);
    List<AuditEvent> events = new ArrayList<>(retry.events());
    AuditEvent second = events.get(1);
    events.set(1, new AuditEvent(second.actionId(), second.seq(), second.occurredAt(), second.type(),
        second.actionType(), second.status(), second.requester(), "mallory", second.conversationId(),
        second.customerId(), second.params(), second.connectorStatus(), second.connectorSummary(),
        second.durationMs(), second.policyVersion(), second.ruleIds(), second.detail(), second.note()));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> trail.writer.record(
        new AuditBatch(retry.actionId(), retry.request(), retry.requestHash(), retry.createdAt(), events)));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.AUDIT_CONFLICT.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("events [2] of action action-a are already stored with different content");
    assertThat(rows("action-a")).as("seq 4 is not written either").usingRecursiveComparison().isEqualTo(before);
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(3));
  }

  @Test
  void given_paramsInAnotherKeyOrder_when_retried_then_sameContentAndANoOp() {
    trail.write("action-a", 1, 2, AT);
    List<Map<String, Object>> before = rows("action-a");
    AuditBatch batch = trail.batch("action-a", 1, 2, AT);
    List<AuditEvent> reordered = batch.events().stream().map(e -> new AuditEvent(e.actionId(), e.seq(),
        e.occurredAt(), e.type(), e.actionType(), e.status(), e.requester(), e.decidedBy(), e.conversationId(),
        e.customerId(), new java.util.TreeMap<>(e.params()).descendingMap(), e.connectorStatus(),
        e.connectorSummary(), e.durationMs(), e.policyVersion(), e.ruleIds(), e.detail(), e.note())).toList();

    trail.writer.record(new AuditBatch(batch.actionId(), batch.request(), batch.requestHash(), batch.createdAt(),
        reordered));

    assertThat(rows("action-a")).usingRecursiveComparison().isEqualTo(before);
  }

  @Test
  void given_trailOfAnEarlierRun_when_anotherRunWritesTheSameSeqs_then_refusedAsAConflictEvenWithEqualContent() {
    trail.writer.record(ofRun(trail.batch("action-a", 1, 3, AT), "run-lost-with-temporal"));
    List<Map<String, Object>> before = rows("action-a");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> trail.writer.record(ofRun(trail.batch("action-a", 1, 4, AT.plusSeconds(3600)), "run-started-again")));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.AUDIT_CONFLICT.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("written by workflow run run-lost-with-temporal", "run-started-again repeats seqs [1, 2, 3]");
    assertThat(rows("action-a")).usingRecursiveComparison().isEqualTo(before);
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(3));
  }

  @Test
  void given_trailOfARun_when_thatRunRetriesAndGoesOn_then_onlyTheNewEventIsAdded() {
    trail.writer.record(ofRun(trail.batch("action-a", 1, 3, AT), "run-1"));
    List<Map<String, Object>> before = rows("action-a");

    trail.writer.record(ofRun(trail.batch("action-a", 1, 4, AT.plusSeconds(10)), "run-1"));

    List<Map<String, Object>> after = rows("action-a");
    assertThat(after.subList(0, 3)).usingRecursiveComparison().isEqualTo(before);
    assertThat(after).hasSize(4);
    assertThat(trail.owner.queryForObject(
            "SELECT run_id FROM governed.audit_chain_head WHERE action_id = 'action-a'", String.class))
        .isEqualTo("run-1");
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(4));
  }

  private static AuditBatch ofRun(AuditBatch batch, String runId) {
    return new AuditBatch(batch.actionId(), batch.request(), batch.requestHash(), batch.createdAt(), batch.events(),
        batch.approval(), runId);
  }

  private static AuditBatch withDurations(AuditBatch batch, long durationMs) {
    List<AuditEvent> events = batch.events().stream().map(e -> new AuditEvent(e.actionId(), e.seq(), e.occurredAt(),
        e.type(), e.actionType(), e.status(), e.requester(), e.decidedBy(), e.conversationId(), e.customerId(),
        e.params(), e.connectorStatus(), e.connectorSummary(), durationMs, e.policyVersion(), e.ruleIds(),
        e.detail(), e.note(), e.consent())).toList();
    return new AuditBatch(batch.actionId(), batch.request(), batch.requestHash(), batch.createdAt(), events);
  }

  @Test
  void given_batchResentWithANewEvent_when_recorded_then_onlyItIsAddedLinkedToTheStoredOnes() {
    trail.write("action-a", 1, 2, AT);
    List<Map<String, Object>> before = rows("action-a");

    trail.write("action-a", 1, 3, AT);

    List<Map<String, Object>> after = rows("action-a");
    assertThat(after.subList(0, 2)).usingRecursiveComparison().isEqualTo(before);
    assertThat((byte[]) after.get(2).get("prev_hash")).isEqualTo(before.get(1).get("hash"));
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(3));
  }

  @Test
  void given_eventArrivingAfterLaterOnesWereChained_when_recorded_then_refusedLoudlyAndNothingWritten() {
    trail.write("action-a", 1, 1, AT);
    trail.write("action-a", 3, 3, AT); // gaps are allowed: the chain links to whatever came before

    assertThatThrownBy(() -> trail.write("action-a", 2, 2, AT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("events [2] of action action-a arrived after its chain reached seq 3");
    assertThat(rows("action-a")).extracting(row -> row.get("seq")).containsExactly(1, 3);
  }

  @Test
  void given_manyActionsWrittenConcurrently_when_verified_then_everyChainHolds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int action = 0; action < 40; action++) {
        String id = "action-" + action;
        writes.add(pool.submit(() -> {
          for (int seq = 1; seq <= 6; seq += 2) {
            trail.write(id, seq, seq + 1, AT);
          }
        }));
      }
      for (Future<?> write : writes) {
        write.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(trail.checkpointer.checkpoint()).get().extracting(Checkpoint::headCount).isEqualTo(40);
    assertThat(trail.verifier(trail.owner).verify(trail.outside())).isEqualTo(AuditVerification.ok(40 * 6));
  }

  @Test
  void given_oneActionsChainLocked_when_anotherActionIsRecorded_then_itDoesNotWait() throws Exception {
    trail.write("action-busy", 1, 1, AT);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Connection holder = trail.db.owner.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        lock.execute("SELECT 1 FROM governed.audit_chain_head WHERE action_id = 'action-busy' FOR UPDATE");
      }

      Future<?> other = pool.submit(() -> trail.write("action-free", 1, 2, AT));
      Future<?> same = pool.submit(() -> trail.write("action-busy", 2, 2, AT));

      other.get(10, TimeUnit.SECONDS); // completes while action-busy is locked
      assertThatThrownBy(() -> same.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
      holder.rollback();
      same.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(4));
  }

  @Test
  void given_batchesQueuedBehindAGroup_when_itCommits_then_theyShareOneTransactionAndEveryChainHolds() throws Exception {
    AuditActivitiesImpl writer = groupingWriter();
    ExecutorService pool = Executors.newCachedThreadPool();
    try (Connection blocker = blockNewAction("action-blocker")) {
      Future<?> blocked = pool.submit(() -> writer.record(trail.batch("action-blocker", 1, 1, AT)));
      awaitLockWait();
      List<Thread> queued = new CopyOnWriteArrayList<>();
      List<Future<?>> writes = new ArrayList<>();
      writes.add(queue(pool, queued, () -> writer.record(trail.batch("action-x", 1, 2, AT))));
      GroupCommitTest.awaitWaiting(queued, 1);
      // the same action's next batch, queued behind the first: written after it, in a later round
      writes.add(queue(pool, queued, () -> writer.record(trail.batch("action-x", 3, 4, AT))));
      writes.add(queue(pool, queued, () -> writer.record(trail.batch("action-y", 1, 2, AT))));
      writes.add(queue(pool, queued, () -> writer.record(trail.batch("action-z", 1, 3, AT))));
      GroupCommitTest.awaitWaiting(queued, 4);

      blocker.rollback();
      blocked.get(10, TimeUnit.SECONDS);
      for (Future<?> write : writes) {
        write.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(writer.largestGroup()).isEqualTo(4);
    assertThat(rows("action-x")).extracting(row -> row.get("seq")).containsExactly(1, 2, 3, 4);
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(1 + 4 + 2 + 3));
  }

  @Test
  void given_aBadBatchInAGroup_when_itCommits_then_onlyItsCallerFailsAndTheOthersAreWritten() throws Exception {
    trail.write("action-z", 1, 1, AT);
    trail.write("action-z", 3, 3, AT);
    AuditActivitiesImpl writer = groupingWriter();
    ExecutorService pool = Executors.newCachedThreadPool();
    Future<?> good;
    Future<?> late;
    try (Connection blocker = blockNewAction("action-blocker")) {
      Future<?> blocked = pool.submit(() -> writer.record(trail.batch("action-blocker", 1, 1, AT)));
      awaitLockWait();
      List<Thread> queued = new CopyOnWriteArrayList<>();
      good = queue(pool, queued, () -> writer.record(trail.batch("action-y", 1, 2, AT)));
      late = queue(pool, queued, () -> writer.record(trail.batch("action-z", 2, 2, AT)));
      GroupCommitTest.awaitWaiting(queued, 2);

      blocker.rollback();
      blocked.get(10, TimeUnit.SECONDS);
      good.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("events [2] of action action-z arrived after its chain reached seq 3");
    } finally {
      pool.shutdownNow();
    }

    assertThat(writer.largestGroup()).isEqualTo(2);
    assertThat(rows("action-y")).hasSize(2);
    assertThat(rows("action-z")).extracting(row -> row.get("seq")).containsExactly(1, 3);
    assertThat(trail.verifier(trail.owner).verify()).isEqualTo(AuditVerification.ok(1 + 2 + 2));
  }

  /** One group at a time, so batches recorded while it is written queue up for the next. */
  private AuditActivitiesImpl groupingWriter() {
    DataSource app = trail.db.appRole();
    return new AuditActivitiesImpl(new JdbcTemplate(app), new DataSourceTransactionManager(app),
        new Redactor(RedactionProperties.defaults()), trail.integrity, new AuditWriterProperties(1, 64));
  }

  /**
   * An open transaction that is creating the action's chain head: a group that also creates it
   * waits until this one ends, holding the only writer slot while others queue.
   */
  private Connection blockNewAction(String actionId) throws Exception {
    Connection connection = trail.db.owner.getConnection();
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO governed.audit_chain_head (action_id, seq, hash) VALUES (?, 0, ?)")) {
      insert.setString(1, actionId);
      insert.setBytes(2, AuditChainHash.GENESIS);
      insert.executeUpdate();
    }
    return connection;
  }

  private void awaitLockWait() throws InterruptedException {
    for (int i = 0; i < 1_000; i++) {
      Integer waiting = trail.owner.queryForObject(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          Integer.class);
      if (waiting != null && waiting > 0) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the first group never waited for the blocking transaction");
  }

  private static Future<?> queue(ExecutorService pool, List<Thread> queued, Runnable write) {
    return pool.submit(() -> {
      queued.add(Thread.currentThread());
      write.run();
    });
  }

  private List<Map<String, Object>> rows(String actionId) {
    return trail.owner.queryForList(
        "SELECT id, seq, recorded_at, prev_hash, hash FROM governed.audit_event WHERE action_id = ? ORDER BY seq",
        actionId);
  }
}

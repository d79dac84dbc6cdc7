package com.governedactions.audit;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the chain heads that moved since the last checkpoint, every {@code
 * governed.audit.checkpoint.interval}, and writes the checkpoint to the database, to a file and to
 * the log. Several processes may run one: a transaction-scoped advisory lock lets one of them sign at
 * a time (writers never take it).
 */
@Component
class AuditCheckpointer {
  /** Only checkpointers take this lock; it keeps the checkpoints' own chain linear. */
  static final long LOCK_KEY = 0x6175646974L; // "audit"
  /** Bounds one checkpoint's size; the rest of the heads go into the next one. */
  static final int MAX_HEADS = 50_000;

  private static final Logger log = LoggerFactory.getLogger(AuditCheckpointer.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final IntegrityProperties properties;
  private final AuditKey signer;
  private ScheduledExecutorService schedule;

  AuditCheckpointer(JdbcTemplate jdbc, PlatformTransactionManager transactions, IntegrityProperties properties) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.properties = properties;
    this.signer = properties.auditKey();
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (properties.devKey()) {
      log.warn("Audit hashes and checkpoints use the DEV-ONLY key (public in the source code): set"
          + " governed.audit.integrity.key (GOVERNED_AUDIT_INTEGRITY_KEY) outside development.");
    }
    if (!properties.checkpointsEnabled()) {
      return;
    }
    schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "audit-checkpointer");
      thread.setDaemon(true);
      return thread;
    });
    long every = properties.checkpointInterval().toMillis();
    schedule.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
  }

  private void checkpointQuietly() {
    try {
      checkpoint();
    } catch (RuntimeException e) {
      // the next run retries; a missed checkpoint only widens the window an attacker could use
      log.error("Audit checkpoint failed; retrying in {}", properties.checkpointInterval(), e);
    }
  }

  /**
   * Takes one checkpoint over the heads that moved, if any did and no other process is signing.
   * Written to the file and the log after the commit, so the outside copy never names a checkpoint
   * the database does not have.
   */
  public Optional<Checkpoint> checkpoint() {
    Optional<Checkpoint> taken = transaction.execute(status -> sign());
    taken.ifPresent(this::publish);
    return taken;
  }

  private Optional<Checkpoint> sign() {
    if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY))) {
      return Optional.empty();
    }
    List<ChainHead> heads = jdbc.query(
        "SELECT action_id, seq, hash FROM governed.audit_chain_head WHERE seq > checkpointed_seq"
            + " ORDER BY action_id COLLATE \"C\" LIMIT " + MAX_HEADS,
        (row, n) -> new ChainHead(row.getString("action_id"), row.getInt("seq"), row.getBytes("hash")));
    if (heads.isEmpty()) {
      return Optional.empty();
    }
    byte[] prevSignature = jdbc.query(
        "SELECT signature FROM governed.audit_checkpoint ORDER BY id DESC LIMIT 1",
        rows -> rows.next() ? rows.getBytes(1) : null);
    Map<String, Object> next = jdbc.queryForMap(
        "SELECT nextval(pg_get_serial_sequence('governed.audit_checkpoint', 'id')) AS id, now() AS created_at,"
            + " current_database() AS database");
    long id = ((Number) next.get("id")).longValue();
    Instant createdAt = AuditChainHash.micros(((Timestamp) next.get("created_at")).toInstant());
    byte[] digest = ChainHead.digest(heads);
    byte[] signature = signer.sign(
        AuditKey.checkpointMessage(id, createdAt, prevSignature, heads.size(), digest, signer.keyId()));
    jdbc.update(
        "INSERT INTO governed.audit_checkpoint (id, created_at, prev_signature, head_count, heads_digest, key_id,"
            + " signature) OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?, ?, ?, ?)",
        id, createdAt.atOffset(java.time.ZoneOffset.UTC), prevSignature, heads.size(), digest, signer.keyId(),
        signature);
    jdbc.batchUpdate(
        "INSERT INTO governed.audit_checkpoint_head (checkpoint_id, action_id, seq, hash) VALUES (?, ?, ?, ?)",
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            ps.setLong(1, id);
            ps.setString(2, heads.get(i).actionId());
            ps.setInt(3, heads.get(i).seq());
            ps.setBytes(4, heads.get(i).hash());
          }

          @Override
          public int getBatchSize() {
            return heads.size();
          }
        });
    jdbc.batchUpdate(
        "UPDATE governed.audit_chain_head SET checkpointed_seq = ? WHERE action_id = ? AND checkpointed_seq < ?",
        heads, 1000, (ps, head) -> {
          ps.setInt(1, head.seq());
          ps.setString(2, head.actionId());
          ps.setInt(3, head.seq());
        });
    return Optional.of(new Checkpoint(
        (String) next.get("database"), id, createdAt, AuditChainHash.hex(prevSignature), heads.size(),
        AuditChainHash.hex(digest), signer.keyId(), AuditChainHash.hex(signature)));
  }

  private void publish(Checkpoint checkpoint) {
    log.info(checkpoint.logLine());
    try {
      CheckpointFile.write(properties.checkpointDirectory(), checkpoint);
    } catch (IOException e) {
      log.error("Audit checkpoint {} is in the database and the log, but could not be written to {}",
          checkpoint.id(), properties.checkpointDirectory(), e);
    }
  }
}

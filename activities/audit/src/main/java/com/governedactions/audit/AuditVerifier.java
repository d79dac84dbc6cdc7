package com.governedactions.audit;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the whole audit trail in one snapshot: every event's hash against its content and its link
 * to the event before it, every chain head against the end of its chain, every checkpoint's
 * signature, link and heads, every retention anchor's signature; optionally the checkpoint written
 * outside the database. Stops at the first failure. Events are streamed, so memory stays flat.
 */
@Component
public class AuditVerifier {
  private static final int FETCH = 2000;

  /** The newest anchor per action: where retention cut its chain. */
  private static final String ANCHORS =
      "(SELECT DISTINCT ON (action_id) action_id, seq, hash FROM governed.audit_retention_anchor"
          + " ORDER BY action_id, seq DESC)";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate snapshot;
  private final AuditKey signer;

  AuditVerifier(JdbcTemplate jdbc, PlatformTransactionManager transactions, IntegrityProperties properties) {
    this.jdbc = new JdbcTemplate(jdbc.getDataSource());
    this.jdbc.setFetchSize(FETCH);
    this.snapshot = new TransactionTemplate(transactions);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.snapshot.setReadOnly(true);
    this.signer = properties.auditKey();
  }

  /** The database alone: what {@code GET /api/v1/audit/verify} answers. */
  public AuditVerification verify() {
    return verify(Optional.empty());
  }

  /** The database, and that it still holds {@code external}, the checkpoint kept outside it. */
  public AuditVerification verify(Optional<Checkpoint> external) {
    return snapshot.execute(status -> {
      Progress progress = new Progress();
      Optional<AuditVerification> broken = anchors(progress, null)
          .or(() -> events(progress, null))
          .or(() -> heads(progress, null))
          .or(() -> checkpoints(progress))
          .or(() -> checkpointHeads(progress))
          .or(() -> external.flatMap(checkpoint -> external(progress, checkpoint)));
      return broken.orElseGet(() -> AuditVerification.ok(progress.checked));
    });
  }

  /**
   * One action's chain in one snapshot: its retention anchor's signature, every event's hash against
   * its content and its link to the event before it, and its chain head against the chain's end.
   * What the console shows beside an action's timeline; the checkpoints, which sign all chains
   * together, are the whole trail's verification.
   */
  public AuditVerification verifyAction(String actionId) {
    return snapshot.execute(status -> {
      Progress progress = new Progress();
      Optional<AuditVerification> broken = anchors(progress, actionId)
          .or(() -> events(progress, actionId))
          .or(() -> heads(progress, actionId));
      return broken.orElseGet(() -> AuditVerification.ok(progress.checked));
    });
  }

  private static final class Progress {
    long checked;
  }

  private Optional<AuditVerification> anchors(Progress progress, String actionId) {
    return jdbc.query(
        "SELECT * FROM governed.audit_retention_anchor" + (actionId == null ? "" : " WHERE action_id = ?")
            + " ORDER BY action_id COLLATE \"C\", seq",
        rows -> {
          while (rows.next()) {
            byte[] message = AuditKey.anchorMessage(
                rows.getString("action_id"), rows.getInt("seq"), rows.getBytes("hash"), rows.getInt("removed_events"),
                rows.getObject("cutoff", java.time.OffsetDateTime.class).toInstant(), rows.getString("export_file"),
                rows.getObject("removed_at", java.time.OffsetDateTime.class).toInstant(), rows.getString("key_id"));
            if (!rows.getString("key_id").equals(signer.keyId()) || !signer.verifies(message, rows.getBytes("signature"))) {
              return Optional.of(AuditVerification.broken(progress.checked, rows.getString("action_id"),
                  rows.getInt("seq"), null, "retention anchor is not signed by key '" + signer.keyId()
                      + "': it was forged or changed"));
            }
          }
          return Optional.<AuditVerification>empty();
        }, only(actionId));
  }

  /** No arguments for the whole trail, the action id for one action's chain. */
  private static Object[] only(String actionId) {
    return actionId == null ? new Object[0] : new Object[] {actionId};
  }

  private Optional<AuditVerification> events(Progress progress, String actionId) {
    return jdbc.query(
        "SELECT " + prefixed() + ", a.seq AS anchor_seq, a.hash AS anchor_hash FROM governed.audit_event e"
            + " LEFT JOIN " + ANCHORS + " a ON a.action_id = e.action_id"
            + (actionId == null ? "" : " WHERE e.action_id = ?")
            + " ORDER BY e.action_id COLLATE \"C\", e.seq",
        rows -> {
          String action = null;
          byte[] expectedPrev = null;
          Integer prevSeq = null;
          while (rows.next()) {
            AuditRecord event = AuditRecord.read(rows);
            if (!event.actionId().equals(action)) {
              action = event.actionId();
              Integer anchorSeq = (Integer) rows.getObject("anchor_seq");
              expectedPrev = anchorSeq == null ? AuditChainHash.GENESIS : rows.getBytes("anchor_hash");
              prevSeq = anchorSeq;
            }
            String where = prevSeq == null ? "the start of the chain" : "the event before it (seq " + prevSeq + ")";
            if (!Arrays.equals(event.hash(signer), rows.getBytes("hash"))) {
              return Optional.of(broken(progress, event,
                  "hash does not match the event's content: the event was edited, moved to another seq, or inserted"));
            }
            if (!Arrays.equals(event.prevHash(), expectedPrev)) {
              return Optional.of(broken(progress, event, "prev_hash does not match " + where
                  + ": an event before it was deleted, inserted or reordered"));
            }
            progress.checked++;
            expectedPrev = rows.getBytes("hash");
            prevSeq = event.seq();
          }
          return Optional.<AuditVerification>empty();
        }, only(actionId));
  }

  private static AuditVerification broken(Progress progress, AuditRecord event, String reason) {
    return AuditVerification.broken(progress.checked, event.actionId(), event.seq(), event.id(), reason);
  }

  private static String prefixed() {
    return Arrays.stream(AuditRecord.COLUMNS.split(","))
        .map(String::trim)
        .map(column -> column.startsWith("params::") ? "e.params::text AS params" : "e." + column)
        .reduce((a, b) -> a + ", " + b)
        .orElseThrow();
  }

  /** The head row must name the last event of its chain: a removed or appended tail shows here. */
  private Optional<AuditVerification> heads(Progress progress, String actionId) {
    String oneChain = actionId == null ? "" : " WHERE action_id = ?";
    return jdbc.query(
        """
        SELECT coalesce(h.action_id, l.action_id) AS action_id, h.seq AS head_seq, l.id AS last_id,
               coalesce(l.seq, a.seq) AS last_seq
        FROM (SELECT * FROM governed.audit_chain_head%s) h
        FULL JOIN (SELECT DISTINCT ON (action_id) action_id, id, seq, hash FROM governed.audit_event%s
                   ORDER BY action_id, seq DESC) l ON l.action_id = h.action_id
        LEFT JOIN %s a ON a.action_id = coalesce(h.action_id, l.action_id)
        WHERE h.seq IS DISTINCT FROM coalesce(l.seq, a.seq) OR h.hash IS DISTINCT FROM coalesce(l.hash, a.hash)
        ORDER BY coalesce(h.action_id, l.action_id) COLLATE "C" LIMIT 1
        """.formatted(oneChain, oneChain, ANCHORS),
        rows -> {
          if (!rows.next()) {
            return Optional.<AuditVerification>empty();
          }
          Integer headSeq = (Integer) rows.getObject("head_seq");
          Integer lastSeq = (Integer) rows.getObject("last_seq");
          String reason = headSeq == null
              ? "the action's events have no chain head: they were inserted around the audit writer"
              : lastSeq == null
                  ? "the chain head names seq " + headSeq + " but the action has no events: they were deleted"
                  : "the chain head names seq " + headSeq + " but the chain ends at seq " + lastSeq
                      + ": events were deleted from or appended to its end";
          return Optional.of(AuditVerification.broken(progress.checked, rows.getString("action_id"),
              lastSeq, (Long) rows.getObject("last_id"), reason));
        }, actionId == null ? new Object[0] : new Object[] {actionId, actionId});
  }

  private Optional<AuditVerification> checkpoints(Progress progress) {
    return jdbc.query(
        "SELECT c.*, h.action_id, h.seq, h.hash FROM governed.audit_checkpoint c"
            + " LEFT JOIN governed.audit_checkpoint_head h ON h.checkpoint_id = c.id"
            + " ORDER BY c.id, h.action_id COLLATE \"C\"",
        rows -> {
          byte[] previousSignature = null;
          boolean more = rows.next();
          while (more) {
            long id = rows.getLong("id");
            byte[] prevSignature = rows.getBytes("prev_signature");
            byte[] signature = rows.getBytes("signature");
            byte[] message = AuditKey.checkpointMessage(id,
                rows.getObject("created_at", java.time.OffsetDateTime.class).toInstant(), prevSignature,
                rows.getInt("head_count"), rows.getBytes("heads_digest"), rows.getString("key_id"));
            int headCount = rows.getInt("head_count");
            byte[] headsDigest = rows.getBytes("heads_digest");
            String keyId = rows.getString("key_id");
            MessageDigest digest = ChainHead.sha256();
            int heads = 0;
            while (more && rows.getLong("id") == id) {
              if (rows.getString("action_id") != null) {
                ChainHead.addTo(digest, new ChainHead(rows.getString("action_id"), rows.getInt("seq"), rows.getBytes("hash")));
                heads++;
              }
              more = rows.next();
            }
            String problem = !keyId.equals(signer.keyId()) || !signer.verifies(message, signature)
                ? "is not signed by key '" + signer.keyId() + "': it was forged or changed"
                : !Arrays.equals(prevSignature, previousSignature)
                    ? "does not follow the checkpoint before it: checkpoints were deleted or inserted"
                    : heads != headCount || !Arrays.equals(digest.digest(), headsDigest)
                        ? "lists other chain heads than it signed: its heads were changed"
                        : null;
            if (problem != null) {
              return Optional.of(AuditVerification.broken(progress.checked, null, null, null,
                  "checkpoint " + id + " " + problem));
            }
            previousSignature = signature;
          }
          return Optional.<AuditVerification>empty();
        });
  }

  /** Every head a checkpoint signed must still be in its chain with the same hash, or retired by retention. */
  private Optional<AuditVerification> checkpointHeads(Progress progress) {
    return jdbc.query(
        """
        SELECT h.checkpoint_id, h.action_id, h.seq, e.id
        FROM governed.audit_checkpoint_head h
        LEFT JOIN governed.audit_event e ON e.action_id = h.action_id AND e.seq = h.seq
        LEFT JOIN %s a ON a.action_id = h.action_id
        WHERE NOT (coalesce(e.hash = h.hash, false) OR coalesce(a.seq > h.seq, false)
                   OR coalesce(a.seq = h.seq AND a.hash = h.hash, false))
        ORDER BY h.checkpoint_id, h.action_id COLLATE "C" LIMIT 1
        """.formatted(ANCHORS),
        rows -> {
          if (!rows.next()) {
            return Optional.<AuditVerification>empty();
          }
          Long id = (Long) rows.getObject("id");
          return Optional.of(AuditVerification.broken(progress.checked, rows.getString("action_id"),
              rows.getInt("seq"), id, "checkpoint " + rows.getLong("checkpoint_id") + " signed this event, which "
                  + (id == null ? "is gone: it was deleted" : "now has another hash: it or the chain before it was rewritten")));
        });
  }

  private Optional<AuditVerification> external(Progress progress, Checkpoint outside) {
    if (!outside.keyId().equals(signer.keyId()) || !signer.verifies(outside.message(), Checkpoint.bytes(outside.signature()))) {
      return Optional.of(AuditVerification.broken(progress.checked, null, null, null,
          "the checkpoint file (checkpoint " + outside.id() + ") is not signed by key '" + signer.keyId() + "'"));
    }
    byte[] stored = jdbc.query("SELECT signature FROM governed.audit_checkpoint WHERE id = ?",
        rows -> rows.next() ? rows.getBytes(1) : null, outside.id());
    if (stored == null) {
      return Optional.of(AuditVerification.broken(progress.checked, null, null, null,
          "checkpoint " + outside.id() + " of " + outside.createdAt() + ", kept outside the database, is missing"
              + " from it: the audit tables were rewritten or rolled back"));
    }
    if (!Arrays.equals(stored, Checkpoint.bytes(outside.signature()))) {
      return Optional.of(AuditVerification.broken(progress.checked, null, null, null,
          "checkpoint " + outside.id() + " in the database differs from the copy kept outside it:"
              + " the audit tables were rewritten"));
    }
    return Optional.empty();
  }
}

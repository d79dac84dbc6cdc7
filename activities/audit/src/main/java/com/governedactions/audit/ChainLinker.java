package com.governedactions.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The one loop that links stored audit events into per-action hash chains: rows in (action, seq)
 * order, selected with {@link AuditRecord#COLUMNS}, each action's events contiguous. Each event is
 * linked after the previous one of its action (the first after {@link AuditChainHash#GENESIS}) and
 * hashed with the writer's own {@link AuditChainHash}; where the rows go is the caller's: the V11
 * backfill updates them in place, the benchmark's seed streams them with {@code COPY}.
 */
public final class ChainLinker {
  /** Receives each linked event and, after an action's last event, that action's chain head. */
  public interface Sink {
    void event(AuditRecord linked, byte[] hash) throws SQLException;

    void head(String actionId, int seq, byte[] hash) throws SQLException;
  }

  private ChainLinker() {}

  /** Links every row of {@code rows} with {@code key}; returns how many events it linked. */
  public static long link(ResultSet rows, AuditKey key, Sink sink) throws SQLException {
    long count = 0;
    String action = null;
    byte[] prev = AuditChainHash.GENESIS;
    int lastSeq = 0;
    while (rows.next()) {
      AuditRecord event = AuditRecord.read(rows);
      if (!event.actionId().equals(action)) {
        if (action != null) {
          sink.head(action, lastSeq, prev);
        }
        action = event.actionId();
        prev = AuditChainHash.GENESIS;
      }
      AuditRecord linked = event.withPrevHash(prev);
      byte[] hash = linked.hash(key);
      sink.event(linked, hash);
      prev = hash;
      lastSeq = linked.seq();
      count++;
    }
    if (action != null) {
      sink.head(action, lastSeq, prev);
    }
    return count;
  }
}

package com.governedactions.bench;

import com.governedactions.audit.AuditKey;
import com.governedactions.audit.ChainLinker;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.StandaloneAudit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Seeds audit events with valid hash chains, fast: PostgreSQL generates the rows (a SELECT the
 * caller gives, in (action, seq) order, each action's events contiguous, with the columns of {@link
 * AuditRecord#COLUMNS} minus the hashes), {@link ChainLinker} links and hashes them in one pass (the
 * loop the V11 backfill uses), and this class streams them back with {@code COPY} together with the
 * chain heads, in one transaction. Rows never need an UPDATE, which the append-only triggers refuse.
 */
public final class ChainedSeed {
  private static final String EVENT_COLUMNS =
      "id, action_id, seq, occurred_at, recorded_at, event_type, action_type, status, requester, decided_by,"
          + " conversation_id, customer_id, params, connector_status, connector_summary, duration_ms,"
          + " policy_version, rule_ids, detail, note, prev_hash, hash";
  private static final int FLUSH_BYTES = 1 << 20;

  private ChainedSeed() {}

  /** Runs {@code generator} with {@code args} and inserts what it returns, chained; returns the row count. */
  public static long copy(DataSource dataSource, String generator, Object... args) throws SQLException {
    AuditKey key = StandaloneAudit.key();
    try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
      read.setAutoCommit(false); // a cursor: the rows stream instead of filling the heap
      write.setAutoCommit(false);
      long count = 0;
      ByteArrayOutputStream heads = new ByteArrayOutputStream();
      CopyIn events = write.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY governed.audit_event (" + EVENT_COLUMNS + ") FROM STDIN");
      try (PreparedStatement select = read.prepareStatement(generator)) {
        select.setFetchSize(10_000);
        for (int i = 0; i < args.length; i++) {
          select.setObject(i + 1, args[i]);
        }
        StringBuilder line = new StringBuilder(1024);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + 4096);
        try (ResultSet rows = select.executeQuery()) {
          count = ChainLinker.link(rows, key, new ChainLinker.Sink() {
            @Override
            public void event(AuditRecord linked, byte[] hash) throws SQLException {
              row(line, linked, hash);
              buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
              if (buffer.size() >= FLUSH_BYTES) {
                events.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                buffer.reset();
              }
            }

            @Override
            public void head(String actionId, int seq, byte[] hash) {
              ChainedSeed.head(heads, actionId, seq, hash);
            }
          });
        }
        events.writeToCopy(buffer.toByteArray(), 0, buffer.size());
        events.endCopy();
      } catch (SQLException | RuntimeException e) {
        if (events.isActive()) {
          events.cancelCopy();
        }
        throw e;
      }
      CopyIn headCopy = write.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY governed.audit_chain_head (action_id, seq, hash) FROM STDIN");
      byte[] headBytes = heads.toByteArray();
      headCopy.writeToCopy(headBytes, 0, headBytes.length);
      headCopy.endCopy();
      write.commit();
      read.commit();
      return count;
    }
  }

  private static void head(ByteArrayOutputStream heads, String action, int seq, byte[] hash) {
    StringBuilder line = new StringBuilder(128);
    text(line, action).append('\t').append(seq).append('\t');
    bytea(line, hash).append('\n');
    heads.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** One line of COPY's text format. */
  private static void row(StringBuilder line, AuditRecord e, byte[] hash) {
    line.setLength(0);
    line.append(e.id()).append('\t');
    text(line, e.actionId()).append('\t').append(e.seq()).append('\t');
    instant(line, e.occurredAt()).append('\t');
    instant(line, e.recordedAt()).append('\t');
    text(line, e.event()).append('\t');
    text(line, e.actionType()).append('\t');
    text(line, e.status()).append('\t');
    text(line, e.requester()).append('\t');
    text(line, e.decidedBy()).append('\t');
    text(line, e.conversationId()).append('\t');
    text(line, e.customerId()).append('\t');
    text(line, e.params()).append('\t');
    text(line, e.connectorStatus() == null ? null : e.connectorStatus().toString()).append('\t');
    text(line, e.connectorSummary()).append('\t');
    text(line, e.durationMs() == null ? null : e.durationMs().toString()).append('\t');
    text(line, e.policyVersion() == null ? null : e.policyVersion().toString()).append('\t');
    text(line, array(e.ruleIds())).append('\t');
    text(line, e.detail()).append('\t');
    text(line, e.note()).append('\t');
    bytea(line, e.prevHash()).append('\t');
    bytea(line, hash).append('\n');
  }

  private static StringBuilder instant(StringBuilder line, Instant instant) {
    return line.append(instant.toString()); // ISO-8601 in UTC, to the microsecond the row had
  }

  private static StringBuilder bytea(StringBuilder line, byte[] bytes) {
    return line.append("\\\\x").append(HexFormat.of().formatHex(bytes)); // \x, its backslash escaped for COPY
  }

  private static String array(List<String> values) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      out.append(i > 0 ? "," : "").append('"')
          .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return out.append('}').toString();
  }

  private static StringBuilder text(StringBuilder line, String value) {
    if (value == null) {
      return line.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        default -> line.append(c);
      }
    }
    return line;
  }
}

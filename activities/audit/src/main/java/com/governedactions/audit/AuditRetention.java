package com.governedactions.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes audit events older than the retention period, run by the owner role from the command line
 * ({@link AuditCli}), never by the service: its role may not delete. Per action, a prefix of the
 * chain goes: every event up to the newest one older than the cutoff. In one transaction the events
 * are exported to a CSV file, a signed anchor keeps the last removed event's seq and hash (so the
 * remaining chain still verifies), and the events are deleted, which the append-only trigger allows
 * only to the table's owner after {@code SET LOCAL governed.audit_retention = 'on'}.
 */
final class AuditRetention {
  static final List<String> CSV_COLUMNS = List.of("id", "action_id", "seq", "occurred_at", "recorded_at",
      "event_type", "action_type", "status", "requester", "decided_by", "conversation_id", "customer_id", "params",
      "connector_status", "connector_summary", "duration_ms", "policy_version", "rule_ids", "detail", "note",
      "prev_hash", "hash");
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What one run removed; {@code file} is null when nothing was old enough. */
  record Result(Instant cutoff, int actions, long events, Path file) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final AuditKey signer;

  AuditRetention(DataSource owner, IntegrityProperties properties) {
    this.jdbc = new JdbcTemplate(owner);
    this.jdbc.setFetchSize(2000);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(owner));
    this.signer = properties.auditKey();
  }

  Result apply(Duration retention, Path exportDirectory) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the retention period must be positive, such as P365D; was " + retention);
    }
    return transaction.execute(status -> {
      jdbc.execute("SET LOCAL governed.audit_retention = 'on'");
      Instant now = jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant();
      Instant cutoff = AuditChainHash.micros(now.minus(retention));
      jdbc.update("CREATE TEMPORARY TABLE retention_cut ON COMMIT DROP AS"
          + " SELECT action_id, max(seq) AS cut_seq FROM governed.audit_event WHERE occurred_at < ? GROUP BY action_id",
          cutoff.atOffset(ZoneOffset.UTC));
      int actions = jdbc.queryForObject("SELECT count(*) FROM retention_cut", Integer.class);
      if (actions == 0) {
        return new Result(cutoff, 0, 0, null);
      }
      String database = jdbc.queryForObject("SELECT current_database()", String.class);
      Path file = exportDirectory.resolve("audit-retention-" + database + "-" + FILE_TIME.format(now) + ".csv");
      try {
        Map<String, Tail> tails = export(file);
        long exported = tails.values().stream().mapToLong(Tail::events).sum();
        anchor(tails, cutoff, now, file);
        int removed = jdbc.update("DELETE FROM governed.audit_event e USING retention_cut c"
            + " WHERE e.action_id = c.action_id AND e.seq <= c.cut_seq");
        if (removed != exported) {
          throw new IllegalStateException("exported " + exported + " audit events but " + removed
              + " matched the delete; nothing was removed");
        }
        return new Result(cutoff, actions, removed, file);
      } catch (RuntimeException e) {
        deleteQuietly(file); // the transaction rolls back: nothing was removed, so no export either
        throw e;
      }
    });
  }

  private record Tail(int seq, byte[] hash, int events) {}

  private Map<String, Tail> export(Path file) {
    Map<String, Tail> tails = new LinkedHashMap<>();
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
          CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS.toArray(String[]::new)).get().print(out)) {
        jdbc.query("SELECT " + AuditRecord.COLUMNS + " FROM governed.audit_event e JOIN retention_cut c"
                + " USING (action_id) WHERE e.seq <= c.cut_seq ORDER BY action_id, e.seq",
            row -> {
              AuditRecord event = AuditRecord.read(row);
              byte[] hash = row.getBytes("hash");
              Tail before = tails.get(event.actionId());
              tails.put(event.actionId(), new Tail(event.seq(), hash, before == null ? 1 : before.events() + 1));
              try {
                csv.printRecord(cells(event, hash));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the retention export " + file, e);
    }
    return tails;
  }

  private static List<String> cells(AuditRecord event, byte[] hash) {
    List<Object> values = List.of(event.id(), event.actionId(), event.seq(), event.occurredAt(),
        event.recordedAt(), event.event(), nullable(event.actionType()), event.status(),
        nullable(event.requester()), nullable(event.decidedBy()), nullable(event.conversationId()),
        nullable(event.customerId()), nullable(event.params()), nullable(event.connectorStatus()),
        nullable(event.connectorSummary()), nullable(event.durationMs()), nullable(event.policyVersion()),
        String.join(" ", event.ruleIds()), nullable(event.detail()), nullable(event.note()),
        AuditChainHash.hex(event.prevHash()), AuditChainHash.hex(hash));
    List<String> cells = new ArrayList<>(values.size());
    values.forEach(value -> cells.add(SpreadsheetSafe.cell(value.toString())));
    return cells;
  }

  private static Object nullable(Object value) {
    return value == null ? "" : value;
  }

  private void anchor(Map<String, Tail> tails, Instant cutoff, Instant removedAt, Path file) {
    String exportFile = file.getFileName().toString();
    jdbc.batchUpdate(
        "INSERT INTO governed.audit_retention_anchor (action_id, seq, hash, removed_events, cutoff, export_file,"
            + " removed_at, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new ArrayList<>(tails.entrySet()), 1000, (ps, entry) -> {
          Tail tail = entry.getValue();
          ps.setString(1, entry.getKey());
          ps.setInt(2, tail.seq());
          ps.setBytes(3, tail.hash());
          ps.setInt(4, tail.events());
          ps.setObject(5, cutoff.atOffset(ZoneOffset.UTC));
          ps.setString(6, exportFile);
          ps.setObject(7, removedAt.atOffset(ZoneOffset.UTC));
          ps.setString(8, signer.keyId());
          ps.setBytes(9, signer.sign(AuditKey.anchorMessage(entry.getKey(), tail.seq(), tail.hash(),
              tail.events(), cutoff, exportFile, removedAt, signer.keyId())));
        });
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the error being thrown says what went wrong; a stray file is the lesser problem
    }
  }
}

package com.governedactions.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Exports the audit events of a query as CSV that PostgreSQL writes itself: {@code COPY (SELECT ...)
 * TO STDOUT WITH (FORMAT csv, HEADER)}, whose bytes go straight to the caller's stream. Nothing is
 * parsed or formatted in Java, so an export of millions of rows needs no more memory than one of ten,
 * and runs near the speed of {@code psql \copy}.
 *
 * <p>The rows are exactly those of {@link AuditSearchRepository#search} for the same filter, in the
 * same order: both take their FROM, WHERE and ORDER BY from {@link AuditFilterSql}. COPY takes no bind
 * parameters, so the filter's values are written as literals by {@link SqlLiteral}.
 *
 * <p>The cells, as PostgreSQL's CSV writes them:
 *
 * <ul>
 *   <li>A text cell that a spreadsheet would read as a formula (it starts with {@code = + - @}, a tab
 *       or a carriage return) gets a leading single quote, by {@link SpreadsheetSafe#sql}, the SQL
 *       form of the rule the retention export applies in Java: the audit trail stores what customers
 *       and agents typed, and opening an export must never run it.
 *   <li>Timestamps read as {@link java.time.Instant#toString()} does: ISO-8601 in UTC with {@code Z},
 *       a fraction only when it is not zero, of 3 digits for whole milliseconds and 6 otherwise.
 *   <li>NULL is an empty cell; an empty string is {@code ""}. {@code rule_ids} are joined with
 *       {@code ;}, {@code params} is the stored JSON;
 *       {@code consent_receipt_id} and {@code consent_text_sha256} name the consent receipt an event
 *       carries, empty on every other event.
 *   <li>Quoting is RFC 4180's, but lines end in LF, not CRLF: PostgreSQL's CSV has no other ending.
 *       RFC 4180 readers (commons-csv, spreadsheets, Python's csv) read either.
 * </ul>
 */
@Component
public class AuditCsvExporter {
  private static final List<Column> COLUMNS =
      List.of(
          Column.plain("id"),
          Column.instant("occurred_at"),
          Column.instant("recorded_at"),
          Column.text("action_id", "action_id"),
          Column.plain("seq"),
          Column.text("event", "event_type"),
          Column.text("action_type", "action_type"),
          Column.text("status", "status"),
          Column.text("requester", "requester"),
          Column.text("decided_by", "decided_by"),
          Column.text("conversation_id", "conversation_id"),
          Column.text("customer_id", "customer_id"),
          Column.text("params", "params::text"),
          Column.plain("connector_status"),
          Column.text("connector_summary", "connector_summary"),
          Column.plain("duration_ms"),
          Column.plain("policy_version"),
          Column.text("rule_ids", "array_to_string(rule_ids, ';')"),
          Column.text("detail", "detail"),
          Column.text("note", "note"),
          // Appended last, so readers that take columns by position keep working (docs/consent-receipts.md).
          Column.text("consent_receipt_id", "(consent->>'receiptId')"),
          Column.text("consent_text_sha256", "(consent->>'textSha256')"));

  /** The header row, which is also the column order. */
  static final List<String> HEADER = COLUMNS.stream().map(Column::header).toList();

  private static final String SELECT =
      COLUMNS.stream().map(column -> column.expression() + " AS " + column.header())
          .collect(Collectors.joining(",\n    ", "SELECT ", "\n"));

  /** Bytes handed on per write: rows arrive one by one, and a servlet stream prefers fewer, larger writes. */
  private static final int BUFFER_BYTES = 64 * 1024;

  private final JdbcTemplate jdbc;

  public AuditCsvExporter(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** Writes the header and every matching row; returns the number of rows, header not counted. */
  @FunctionalInterface
  public interface Export {
    long writeTo(OutputStream out) throws IOException;
  }

  /**
   * Checks {@code query} and builds its COPY statement, touching no database: everything that can
   * be refused is refused here, before a caller has written a byte. A limit of 0 exports every
   * matching row; the cursor, if any, starts after that row.
   *
   * @throws IllegalArgumentException naming the fault: a negative limit, a cursor that does not read
   *     back ({@link PageCursor#INVALID}), or a filter holding the NUL character
   */
  public Export prepare(AuditQuery query) {
    if (query.limit() < 0) {
      throw new IllegalArgumentException("limit must be 0 (all) or more, was " + query.limit());
    }
    String copy = copyStatement(query);
    return out -> copy(copy, out);
  }

  static String copyStatement(AuditQuery query) {
    return "COPY (" + SELECT + AuditFilterSql.rowsInOrder(query, AuditFilterSql.LITERALS)
        + (query.limit() > 0 ? "\nLIMIT " + query.limit() : "")
        + ") TO STDOUT WITH (FORMAT csv, HEADER)";
  }

  private long copy(String copy, OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
    Long rows;
    try {
      rows = jdbc.execute((ConnectionCallback<Long>) connection -> {
        try {
          // pgjdbc cancels the COPY if the stream fails, so the connection goes back to the pool clean
          return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, buffered);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause(); // the client went away: nothing more to write
    }
    buffered.flush();
    return rows;
  }

  /** One CSV column: its header and the SQL that gives its cell. */
  private record Column(String header, String expression) {
    /** A number: PostgreSQL's text of it is Java's. */
    static Column plain(String column) {
      return new Column(column, column);
    }

    static Column text(String header, String text) {
      return new Column(header, SpreadsheetSafe.sql(text));
    }

    /** Instant.toString() of a timestamptz: whole seconds, then .SSS or .SSSSSS when not zero, then Z. */
    static Column instant(String column) {
      String utc = "(" + column + " AT TIME ZONE 'UTC')";
      String micros = "to_char(" + utc + ", 'US')";
      return new Column(column,
          "to_char(" + utc + ", 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN " + micros + " = '000000' THEN ''"
              + " WHEN " + micros + " LIKE '%000' THEN to_char(" + utc + ", '.MS') ELSE to_char(" + utc + ", '.US')"
              + " END || 'Z'");
    }
  }
}

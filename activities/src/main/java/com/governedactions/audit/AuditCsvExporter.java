package com.governedactions.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * Writes the audit events of a query as CSV (RFC 4180) while they stream from the database, so an
 * export of millions of rows needs no more memory than one of ten.
 *
 * <p>A cell that a spreadsheet would read as a formula (it starts with {@code = + - @}, a tab or a
 * carriage return) is prefixed with a single quote by {@link SpreadsheetSafe}: the audit trail
 * stores what customers and agents typed, and opening an export must never run it.
 */
@Component
public class AuditCsvExporter {
  static final List<String> HEADER =
      List.of(
          "id", "occurred_at", "recorded_at", "action_id", "seq", "event", "action_type", "status",
          "requester", "decided_by", "conversation_id", "customer_id", "params", "connector_status",
          "connector_summary", "duration_ms", "policy_version", "rule_ids", "detail", "note");

  private final AuditSearchRepository repository;

  public AuditCsvExporter(AuditSearchRepository repository) {
    this.repository = repository;
  }

  /** Writes the header and every matching row to {@code out}, flushing as it goes. */
  public long export(AuditQuery query, Writer out) throws IOException {
    CSVPrinter csv = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get().print(out);
    csv.printRecord(HEADER);
    try {
      long rows = repository.export(query, record -> print(csv, record));
      csv.flush();
      return rows;
    } catch (UncheckedIOException e) {
      throw e.getCause(); // the client went away: nothing more to write
    }
  }

  private static void print(CSVPrinter csv, AuditRecord r) {
    try {
      csv.printRecord(
          r.id(), r.occurredAt(), r.recordedAt(), cell(r.actionId()), r.seq(), cell(r.event()),
          cell(r.actionType()), cell(r.status()), cell(r.requester()), cell(r.decidedBy()),
          cell(r.conversationId()), cell(r.customerId()), cell(r.params()), r.connectorStatus(),
          cell(r.connectorSummary()), r.durationMs(), r.policyVersion(),
          cell(String.join(";", r.ruleIds())), cell(r.detail()), cell(r.note()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cell(String text) {
    return SpreadsheetSafe.cell(text);
  }
}

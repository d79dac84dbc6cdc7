package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CSV export as PostgreSQL writes it (COPY), against the search as the oracle: same rows, same
 * order, each cell what the search's value gives under the one neutralising rule.
 */
class AuditCsvExporterTest {
  /** Reads back what COPY writes: an unquoted empty cell is NULL, a quoted one ("") the empty string. */
  private static final CSVFormat PARSE =
      CSVFormat.RFC4180.builder().setHeader().setNullString("").setQuoteMode(QuoteMode.ALL_NON_NULL).get();

  private final String prefix = TestDatabase.uniquePrefix("audit-csv");
  private final String conversation = prefix + "conv";
  private final AuditCsvExporter exporter = new AuditCsvExporter(TestDatabase.DATA_SOURCE);
  private final AuditSearchRepository repository = new AuditSearchRepository(TestDatabase.DATA_SOURCE);

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_rowsWithHostileValues_when_exported_then_eachRowIsTheSearchRecordUnderTheNeutralisingRule()
      throws IOException {
    Instant second = Instant.parse("2025-06-01T08:00:00Z");
    row(prefix + "=cmd|' /C calc'!A0", 1, second, Instant.parse("2025-06-01T08:00:01.5Z"), "DENIED", "refund", "\tTAB",
        "+1,2", "-", "@x", "{\"a\": \"=1+1\", \"b\": \"é ü 日本 🚀\", \"c\": \"x\\ny\"}", null,
        "quote \"inside\", and a comma", null, null, new String[] {"-r1", "r2", "=r3"}, "line1\nline2", "\rcarriage");
    row(prefix + "empty", 2, Instant.parse("2025-06-01T07:59:59.123Z"), Instant.parse("2025-06-01T08:00:00.123456Z"),
        "REQUESTED", "", "EVALUATING", "", "", "", "-5", 0, "", -1L, 0L, new String[] {}, "", "");
    row(prefix + "nulls", 3, Instant.parse("2025-06-01T07:59:59.000001Z"), Instant.parse("2025-06-01T08:00:00.1Z"),
        "SUCCEEDED", null, "SUCCEEDED", null, null, null, null, null, null, null, null, new String[] {"only"}, null,
        null);
    row(prefix + "back\\slash", 4, Instant.parse("2025-06-01T07:59:59.12Z"), Instant.parse("2025-06-01T07:00:00Z"),
        "APPROVED", "it's \\'", "APPROVED", "C:\\path\\n", "\\", "\\.", "[1, \"\\\\\"]", 502,
        "\r\nCRLF first", 9_223_372_036_854_775_807L, 42L, new String[] {"a;b", "c"}, "\\.", "'already quoted");
    row(prefix + "tie", 5, second, second, "DENIED", "@refund", "DENIED", "Ωmega", "=SUM(A1)", "+C-42",
        "{}", -200, "ok", 1L, 1L, new String[] {"rule-1"}, "détail", "note\r");

    AuditQuery query = new AuditQuery(null, null, null, null, conversation, null, null, null, 0, null);
    List<CSVRecord> csv = parse(export(query));
    List<AuditRecord> searched = repository.search(query.page(500, null)).items();

    assertThat(searched).hasSize(5);
    assertThat(csv).extracting(CSVRecord::toList)
        .containsExactlyElementsOf(searched.stream().map(AuditCsvExporterTest::expectedCells).toList());
    // the oracle itself covers what it should: a tie on occurred_at, every fraction form, nulls and empties
    assertThat(csv).extracting(r -> r.get("occurred_at")).containsExactly("2025-06-01T08:00:00Z",
        "2025-06-01T08:00:00Z", "2025-06-01T07:59:59.123Z", "2025-06-01T07:59:59.120Z", "2025-06-01T07:59:59.000001Z");
    assertThat(csv.get(3).get("detail")).isEqualTo("\\.");
    assertThat(csv).filteredOn(r -> r.get("action_id").endsWith("empty")).singleElement()
        .satisfies(r -> {
          assertThat(r.get("params")).isEqualTo("'-5");
          assertThat(r.get("note")).isEmpty();
          assertThat(r.get("rule_ids")).isEmpty();
        });
    assertThat(csv).filteredOn(r -> r.get("action_id").endsWith("nulls")).singleElement()
        .satisfies(r -> assertThat(r.get("note")).isNull());
  }

  @Test
  void given_anyExport_when_written_then_todaysHeaderAndLfLineEndings() throws IOException {
    row(prefix + "one", 1, Instant.parse("2025-06-01T08:00:00Z"), Instant.parse("2025-06-01T08:00:00Z"), "DENIED",
        "refund", "DENIED", "bot", null, "C-1", "{}", null, "two\r\nlines", null, null, new String[] {"r"}, null, null);

    String body = export(new AuditQuery(null, null, null, null, conversation, null, null, null, 0, null));

    assertThat(body).startsWith("id,occurred_at,recorded_at,action_id,seq,event,action_type,status,requester,"
        + "decided_by,conversation_id,customer_id,params,connector_status,connector_summary,duration_ms,"
        + "policy_version,rule_ids,detail,note,consent_receipt_id,consent_text_sha256\n");
    assertThat(body).endsWith("\n").contains("\"two\r\nlines\"");
    assertThat(body.replace("\"two\r\nlines\"", "")).doesNotContain("\r");
  }

  @Test
  void given_anEventCarryingAConsentReceipt_when_exported_then_itsIdAndTextHashAreTheLastColumns() throws IOException {
    row(prefix + "plain", 1, Instant.parse("2025-06-01T08:00:00Z"), Instant.parse("2025-06-01T08:00:00Z"),
        "REQUESTED", "refund", "EVALUATING", "bot", "auto", "C-1", "{}", null, null, null, null, new String[] {}, null,
        null);
    row(prefix + "asked", 2, Instant.parse("2025-06-01T08:00:01Z"), Instant.parse("2025-06-01T08:00:01Z"),
        "CONFIRMATION_REQUESTED", "refund", "AWAITING_CONFIRMATION", "bot", "auto", "C-1", "{}", null, null, null, null,
        new String[] {}, null, null);
    // Past the append-only trigger, as the other rows here are past the writer.
    new org.springframework.transaction.support.TransactionTemplate(
        new org.springframework.jdbc.datasource.DataSourceTransactionManager(TestDatabase.DATA_SOURCE))
        .executeWithoutResult(status -> {
          TestDatabase.JDBC.execute("SET LOCAL session_replication_role = replica");
          TestDatabase.JDBC.update("UPDATE governed.audit_event SET consent = '{\"receiptId\": \"r-77\","
              + " \"textSha256\": \"ab12\", \"text\": \"Refund?\"}' WHERE action_id = ?", prefix + "asked");
        });

    List<CSVRecord> csv = parse(export(new AuditQuery(null, null, null, null, conversation, null, null, null, 0, null)));

    assertThat(AuditCsvExporter.HEADER).endsWith("note", "consent_receipt_id", "consent_text_sha256");
    assertThat(csv).filteredOn(r -> r.get("action_id").endsWith("asked")).singleElement()
        .satisfies(r -> {
          assertThat(r.get("consent_receipt_id")).isEqualTo("r-77");
          assertThat(r.get("consent_text_sha256")).isEqualTo("ab12");
        });
    assertThat(csv).filteredOn(r -> r.get("action_id").endsWith("plain")).singleElement()
        .satisfies(r -> assertThat(r.get("consent_receipt_id")).isNull());
  }

  @Test
  void given_injectionAttemptInEachStringFilter_when_exported_then_matchedLiterallyAndNothingElseRuns()
      throws IOException {
    String hostile = prefix + "x'); DROP TABLE governed.audit_event; --\\' OR ''='";
    row(prefix + "target", 1, Instant.parse("2025-06-01T08:00:00Z"), Instant.parse("2025-06-01T08:00:00Z"),
        "DENIED", hostile, "DENIED", hostile, null, hostile, "{}", null, null, null, null, new String[] {}, null, null,
        hostile);
    // the same text with its backslash read as an escape, and with the quotes undoubled: must not match
    row(prefix + "near", 2, Instant.parse("2025-06-01T08:00:00Z"), Instant.parse("2025-06-01T08:00:00Z"),
        "DENIED", hostile.replace("\\'", "'"), "DENIED", hostile.replace("''", "'"), null, hostile.replace("\\", ""),
        "{}", null, null, null, null, new String[] {}, null, null, hostile.replace("--\\", "--"));
    long before = TestDatabase.JDBC.queryForObject("SELECT count(*) FROM governed.audit_event", Long.class);

    List<AuditQuery> queries = List.of(
        new AuditQuery(null, null, null, null, hostile, null, null, null, 0, null),
        new AuditQuery(null, null, null, null, null, hostile, null, null, 0, null),
        new AuditQuery(null, null, null, null, null, null, hostile, null, 0, null),
        new AuditQuery(null, null, null, null, null, null, null, hostile, 0, null));
    for (AuditQuery query : queries) {
      assertThat(parse(export(query))).as("%s", query).extracting(r -> r.get("seq")).containsExactly("1");
    }

    assertThat(TestDatabase.JDBC.queryForObject("SELECT count(*) FROM governed.audit_event", Long.class))
        .isEqualTo(before);
  }

  @Test
  void given_filterWithNul_when_prepared_then_refusedBeforeAnyDatabaseWork() {
    assertThatThrownBy(() -> exporter.prepare(new AuditQuery(null, null, null, null, null, null, "bot\0", null, 0, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
  }

  @Test
  void given_badCursorOrNegativeLimit_when_prepared_then_refusedNamingTheFault() {
    assertThatThrownBy(() -> exporter.prepare(new AuditQuery(null, null, null, null, null, null, null, null, 0, "x")))
        .hasMessage(PageCursor.INVALID);
    assertThatThrownBy(() -> exporter.prepare(new AuditQuery(null, null, null, null, null, null, null, null, -1, null)))
        .hasMessageContaining("limit must be 0 (all) or more");
  }

  @Test
  void given_everyFilterCombined_when_exported_then_sameRowsAsSearch() throws IOException {
    Instant t0 = Instant.parse("2025-06-01T08:00:00.000001Z");
    for (int i = 0; i < 6; i++) {
      String customer = i % 2 == 0 ? prefix + "C-1" : prefix + "C-2";
      row(prefix + "a" + i, 1, t0.plusSeconds(i), t0, i % 3 == 0 ? "DENIED" : "REQUESTED", prefix + "refund",
          i % 3 == 0 ? "DENIED" : "EVALUATING", prefix + "bot", null, customer, "{}", null, null, null, null,
          new String[] {}, null, null);
    }
    AuditQuery query = new AuditQuery(ActionStatus.DENIED, AuditEventType.DENIED, t0, t0.plusSeconds(5), conversation,
        prefix + "refund", prefix + "bot", prefix + "C-1", 0, null);

    List<CSVRecord> csv = parse(export(query));

    assertThat(csv).extracting(r -> r.get("action_id")).containsExactly(prefix + "a0");
    assertThat(csv).extracting(r -> r.get("action_id")).containsExactlyElementsOf(
        repository.search(query.page(500, null)).items().stream().map(AuditRecord::actionId).toList());
  }

  @Test
  void given_limitAndCursor_when_exported_then_startsAfterTheCursorAndStopsAtTheLimit() throws IOException {
    Instant t0 = Instant.parse("2025-06-01T08:00:00.000001Z");
    for (int i = 0; i < 4; i++) {
      row(prefix + "x" + i, 1, t0.plusSeconds(i), t0, "DENIED", "refund", "DENIED", "bot", null, "C-1", "{}", null,
          null, null, null, new String[] {}, null, null);
    }
    AuditQuery all = new AuditQuery(null, null, null, null, conversation, null, null, null, 0, null);
    AuditPage first = repository.search(all.page(1, null));

    assertThat(parse(export(all.page(2, first.nextCursor())))).extracting(r -> r.get("action_id"))
        .containsExactly(prefix + "x2", prefix + "x1");
    assertThat(parse(export(all.page(0, first.nextCursor())))).hasSize(3);
    assertThat(exporter.prepare(all).writeTo(new ByteArrayOutputStream())).isEqualTo(4);
  }

  @Test
  void given_nothingMatches_when_exported_then_onlyTheHeader() throws IOException {
    String body = export(new AuditQuery(null, null, null, null, conversation, null, null, null, 0, null));

    assertThat(body.lines()).containsExactly(String.join(",", AuditCsvExporter.HEADER));
  }

  // --- fixtures

  /** The cells the export must hold for a record the search returned. */
  private static List<String> expectedCells(AuditRecord r) {
    return Arrays.asList(
        Long.toString(r.id()), r.occurredAt().toString(), r.recordedAt().toString(), cell(r.actionId()),
        Integer.toString(r.seq()), cell(r.event()), cell(r.actionType()), cell(r.status()), cell(r.requester()),
        cell(r.decidedBy()), cell(r.conversationId()), cell(r.customerId()), cell(r.params()),
        text(r.connectorStatus()), cell(r.connectorSummary()), text(r.durationMs()), text(r.policyVersion()),
        cell(String.join(";", r.ruleIds())), cell(r.detail()), cell(r.note()), consent(r, "receiptId"),
        consent(r, "textSha256"));
  }

  private static String consent(AuditRecord r, String field) {
    if (r.consent() == null) {
      return null;
    }
    try {
      var value = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.consent()).get(field);
      return value == null || value.isNull() ? null : cell(value.asText());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String cell(String value) {
    return SpreadsheetSafe.cell(value);
  }

  private static String text(Object number) {
    return number == null ? null : number.toString();
  }

  private String export(AuditQuery query) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.prepare(query).writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<CSVRecord> parse(String csv) throws IOException {
    try (CSVParser parser = PARSE.parse(new StringReader(csv))) {
      assertThat(parser.getHeaderNames()).containsExactlyElementsOf(AuditCsvExporter.HEADER);
      return new ArrayList<>(parser.getRecords());
    }
  }

  private void row(String actionId, int seq, Instant occurredAt, Instant recordedAt, String event, String actionType,
      String status, String requester, String decidedBy, String customerId, String params, Integer connectorStatus,
      String connectorSummary, Long durationMs, Long policyVersion, String[] ruleIds, String detail, String note) {
    row(actionId, seq, occurredAt, recordedAt, event, actionType, status, requester, decidedBy, customerId, params,
        connectorStatus, connectorSummary, durationMs, policyVersion, ruleIds, detail, note, conversation);
  }

  /**
   * One stored event exactly as given, past the writer (and its redaction): what a hostile past left
   * behind. The hash chain is a placeholder; neither search nor export reads it.
   */
  private static void row(String actionId, int seq, Instant occurredAt, Instant recordedAt, String event,
      String actionType, String status, String requester, String decidedBy, String customerId, String params,
      Integer connectorStatus, String connectorSummary, Long durationMs, Long policyVersion, String[] ruleIds,
      String detail, String note, String conversationId) {
    TestDatabase.JDBC.update(
        """
        INSERT INTO governed.audit_event (action_id, seq, occurred_at, recorded_at, event_type, action_type, status,
            requester, decided_by, conversation_id, customer_id, params, connector_status, connector_summary,
            duration_ms, policy_version, rule_ids, detail, note, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, '\\x00', '\\x00')""",
        actionId, seq, occurredAt.atOffset(ZoneOffset.UTC), recordedAt.atOffset(ZoneOffset.UTC), event, actionType,
        status, requester, decidedBy, conversationId, customerId, params, connectorStatus, connectorSummary, durationMs,
        policyVersion, ruleIds, detail, note);
  }
}

package com.governedactions.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * An audit event exactly as stored, the one record of it: what search and export return to
 * operators (already redacted when it was written), and, with its link to the event before it in
 * the same action, what the hash covers. Timestamps are in microseconds, PostgreSQL's precision, so a row read back hashes
 * to what the writer computed.
 *
 * @param id the global order of events; also the tiebreak of the page order
 * @param params the stored (redacted) parameters as JSON text, or null, sent to clients as a JSON
 *     object; hashed in canonical form (see {@link
 *     AuditChainHash}) because {@code jsonb} does not keep the text it was given
 * @param consent the consent receipt the event carries (docs/consent-receipts.md) as JSON text, or
 *     null; sent to clients as a JSON object. Hashed, in canonical form, only when present, so rows
 *     written before it existed keep their hash
 * @param prevHash the hash of the previous event of this action ({@link AuditChainHash#GENESIS}
 *     for the first)
 */
public record AuditRecord(
    long id,
    String actionId,
    int seq,
    Instant occurredAt,
    Instant recordedAt,
    String event,
    String actionType,
    String status,
    String requester,
    String decidedBy,
    String conversationId,
    String customerId,
    @JsonRawValue String params,
    Integer connectorStatus,
    String connectorSummary,
    Long durationMs,
    Long policyVersion,
    List<String> ruleIds,
    String detail,
    String note,
    @JsonRawValue String consent,
    @JsonIgnore byte[] prevHash) {

  /** The columns {@link #read} expects, for {@code SELECT ... FROM governed.audit_event}. */
  public static final String COLUMNS =
      "id, action_id, seq, occurred_at, recorded_at, event_type, action_type, status, requester,"
          + " decided_by, conversation_id, customer_id, params::text AS params, connector_status,"
          + " connector_summary, duration_ms, policy_version, rule_ids, detail, note, consent::text AS consent,"
          + " prev_hash, hash";

  /** {@link #COLUMNS} for a schema before the consent column (V52): the V11 backfill runs on one. */
  public static final String COLUMNS_BEFORE_CONSENT = COLUMNS.replace("consent::text AS consent", "NULL::text AS consent");

  public AuditRecord {
    ruleIds = ruleIds == null ? List.of() : List.copyOf(ruleIds);
  }

  /** An event without a consent receipt. */
  public AuditRecord(
      long id, String actionId, int seq, Instant occurredAt, Instant recordedAt, String event, String actionType,
      String status, String requester, String decidedBy, String conversationId, String customerId, String params,
      Integer connectorStatus, String connectorSummary, Long durationMs, Long policyVersion, List<String> ruleIds,
      String detail, String note, byte[] prevHash) {
    this(id, actionId, seq, occurredAt, recordedAt, event, actionType, status, requester, decidedBy,
        conversationId, customerId, params, connectorStatus, connectorSummary, durationMs, policyVersion, ruleIds,
        detail, note, null, prevHash);
  }

  public byte[] hash(AuditKey key) {
    return AuditChainHash.of(this, key);
  }

  /** This event linked after another. */
  public AuditRecord withPrevHash(byte[] prev) {
    return new AuditRecord(id, actionId, seq, occurredAt, recordedAt, event, actionType, status,
        requester, decidedBy, conversationId, customerId, params, connectorStatus, connectorSummary,
        durationMs, policyVersion, ruleIds, detail, note, consent, prev);
  }

  /** One row selected with {@link #COLUMNS}. */
  public static AuditRecord read(ResultSet row) throws SQLException {
    Array rules = row.getArray("rule_ids");
    return new AuditRecord(
        row.getLong("id"),
        row.getString("action_id"),
        row.getInt("seq"),
        row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
        row.getObject("recorded_at", OffsetDateTime.class).toInstant(),
        row.getString("event_type"),
        row.getString("action_type"),
        row.getString("status"),
        row.getString("requester"),
        row.getString("decided_by"),
        row.getString("conversation_id"),
        row.getString("customer_id"),
        row.getString("params"),
        row.getObject("connector_status", Integer.class),
        row.getString("connector_summary"),
        row.getObject("duration_ms", Long.class),
        row.getObject("policy_version", Long.class),
        rules == null ? List.of() : Arrays.asList((String[]) rules.getArray()),
        row.getString("detail"),
        row.getString("note"),
        row.getString("consent"),
        row.getBytes("prev_hash"));
  }
}

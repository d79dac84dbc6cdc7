package com.governedactions.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.governedactions.action.ActionRequest;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit writer as it was before the round trips were cut (commit aa3e7fb): kept only so
 * the benchmark measures old and new in the same run, on the same data and threads.
 */
final class BaselineAuditWriter implements AuditActivities {
  private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private static final String INSERT_EVENT =
      """
      INSERT INTO governed.audit_event (id, action_id, seq, occurred_at, recorded_at, event_type,
          action_type, status, requester, decided_by, conversation_id, customer_id, params,
          connector_status, connector_summary, duration_ms, policy_version, rule_ids, detail, note,
          prev_hash, hash)
      OVERRIDING SYSTEM VALUE
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (action_id, seq) DO NOTHING
      """;

  /** Creates the head at seq 0 if new, locks it either way, and returns it. */
  private static final String LOCK_CHAIN_HEAD =
      """
      INSERT INTO governed.audit_chain_head AS head (action_id, seq, hash) VALUES (?, 0, ?)
      ON CONFLICT (action_id) DO UPDATE SET seq = head.seq
      RETURNING seq, hash
      """;

  /** Ids come first because the hash covers them; recorded_at is the database's clock. */
  private static final String NEXT_IDS =
      """
      SELECT nextval(pg_get_serial_sequence('governed.audit_event', 'id')) AS id, now() AS recorded_at
      FROM generate_series(1, ?)
      """;

  /** Seqs below the head that are neither stored nor removed by retention: they came too late. */
  private static final String MISSING_BELOW_HEAD =
      """
      SELECT s FROM unnest(?::int[]) AS s
      WHERE NOT EXISTS (SELECT 1 FROM governed.audit_event e WHERE e.action_id = ? AND e.seq = s)
        AND NOT EXISTS (SELECT 1 FROM governed.audit_retention_anchor a WHERE a.action_id = ? AND a.seq >= s)
      """;

  private static final String UPSERT_ACTION =
      """
      INSERT INTO governed.action AS current (action_id, request_id, type, status, actor_type,
          actor_id, customer_id, conversation_id, channel, amount, currency, request_hash, last_seq,
          created_at, updated_at, order_id, request)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (action_id) DO UPDATE
          SET status = excluded.status, last_seq = excluded.last_seq, updated_at = excluded.updated_at
          WHERE current.last_seq < excluded.last_seq
      """;

  // Separate from the upsert on purpose: it applies only while the row's last_seq is this batch's,
  // so the stage always belongs to the same event as the status, and a retry rewrites the same.
  private static final String SET_APPROVAL_STAGE =
      """
      UPDATE governed.action
      SET approval_tier = ?, approval_tiers = ?, approval_roles = ?, approval_required = ?,
          approved_by = ?, approval_deadline = ?
      WHERE action_id = ? AND last_seq = ?
      """;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final Redactor redactor;
  private final AuditKey key;

  BaselineAuditWriter(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, Redactor redactor, IntegrityProperties integrity) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.redactor = redactor;
    this.key = integrity.auditKey();
  }

  @Override
  public void record(AuditBatch batch) {
    validate(batch);
    if (batch.events().isEmpty()) {
      return;
    }
    if (batch.request() == null) {
      recordStream(batch);
      return;
    }
    ActionRequest request = batch.request();
    List<AuditEvent> events =
        batch.events().stream()
            .map(event -> redactor.redact(withActionType(event, request.type())))
            .toList();
    AuditEvent latest = events.stream().max(Comparator.comparingInt(AuditEvent::seq)).orElseThrow();
    BigDecimal amount = amountOf(request.params());
    String currency = currencyOf(request.params());
    String requestHash = batch.requestHash();

    transaction.executeWithoutResult(
        status -> {
          insertEvents(chain(batch.actionId(), events));
          jdbc.update(
              UPSERT_ACTION,
              batch.actionId(),
              request.requestId(),
              request.type(),
              latest.status().name(),
              request.actor() == null || request.actor().type() == null
                  ? null
                  : request.actor().type().json(),
              request.actor() == null ? null : request.actor().id(),
              request.customer() == null ? null : request.customer().id(),
              request.conversationId(),
              request.channel(),
              amount,
              currency,
              requestHash,
              latest.seq(),
              utc(batch.createdAt()),
              utc(latest.occurredAt()),
              request.params().get("orderId") instanceof String orderId ? orderId : null,
              storedRequest(request));
          setApprovalStage(batch.actionId(), latest.seq(), batch.approval());
        });
  }

  /**
   * Events of a stream that is not an action, such as an alert ({@code alert-<id>}): written and
   * redacted like any event, with no list row. Joins the caller's transaction if there is one.
   */
  private void recordStream(AuditBatch batch) {
    List<AuditEvent> events = batch.events().stream().map(redactor::redact).toList();
    transaction.executeWithoutResult(status -> insertEvents(chain(batch.actionId(), events)));
  }

  private void setApprovalStage(String actionId, int seq, ApprovalStage stage) {
    if (stage == null) {
      return; // no approval yet, or a batch from an older worker: leave what is there
    }
    jdbc.update(
        connection -> {
          PreparedStatement ps = connection.prepareStatement(SET_APPROVAL_STAGE);
          ps.setInt(1, stage.tier());
          ps.setInt(2, stage.tiers());
          ps.setArray(3, connection.createArrayOf("text", stage.roles().toArray()));
          ps.setInt(4, stage.required());
          ps.setArray(5, connection.createArrayOf("text", stage.approvedBy().toArray()));
          ps.setObject(6, stage.deadline() == null ? null : utc(stage.deadline()), Types.TIMESTAMP_WITH_TIMEZONE);
          ps.setString(7, actionId);
          ps.setInt(8, seq);
          return ps;
        });
  }

  /** Links the batch's new events to the action's chain and moves the chain head past them. */
  private List<Linked> chain(String actionId, List<AuditEvent> events) {
    record Head(int seq, byte[] hash) {}
    Head head = jdbc.queryForObject(
        LOCK_CHAIN_HEAD, (row, n) -> new Head(row.getInt("seq"), row.getBytes("hash")),
        actionId, AuditChainHash.GENESIS);
    // A batch may repeat a seq: the first one wins, as ON CONFLICT DO NOTHING decides.
    TreeMap<Integer, AuditEvent> bySeq = new TreeMap<>();
    events.forEach(event -> bySeq.putIfAbsent(event.seq(), event));
    requireStored(actionId, bySeq.headMap(head.seq(), true).keySet(), head.seq());
    List<AuditEvent> fresh = List.copyOf(bySeq.tailMap(head.seq(), false).values());
    if (fresh.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> ids = jdbc.queryForList(NEXT_IDS, fresh.size());
    List<Linked> chained = new ArrayList<>(fresh.size());
    byte[] prev = head.hash();
    for (int i = 0; i < fresh.size(); i++) {
      AuditEvent event = fresh.get(i);
      Map<String, Object> id = ids.get(i);
      ChainedEvent link = new ChainedEvent(
          ((Number) id.get("id")).longValue(), event.actionId(), event.seq(),
          AuditChainHash.micros(event.occurredAt()),
          AuditChainHash.micros(((java.sql.Timestamp) id.get("recorded_at")).toInstant()),
          event.type().name(), event.actionType(), event.status() == null ? null : event.status().name(),
          event.requester(),
          event.decidedBy(), event.conversationId(), event.customerId(), json(event.params()),
          event.connectorStatus(), event.connectorSummary(), event.durationMs(), event.policyVersion(),
          event.ruleIds(), event.detail(), event.note(), prev);
      prev = link.hash(key);
      chained.add(new Linked(link, prev));
    }
    jdbc.update("UPDATE governed.audit_chain_head SET seq = ?, hash = ? WHERE action_id = ?",
        fresh.get(fresh.size() - 1).seq(), prev, actionId);
    return chained;
  }

  /**
   * A seq at or below the head is a retry of something already written. If it is not stored, the
   * event arrived after later ones were chained and cannot join the chain: refuse loudly rather than
   * drop it.
   */
  private void requireStored(String actionId, Set<Integer> seqs, int headSeq) {
    if (seqs.isEmpty()) {
      return;
    }
    List<Integer> missing = jdbc.queryForList(
        MISSING_BELOW_HEAD, Integer.class, seqs.toArray(Integer[]::new), actionId, actionId);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot record audit batch: events " + missing + " of action " + actionId
          + " arrived after its chain reached seq " + headSeq + "; audit events must be recorded in seq order");
    }
  }

  /** An event and the hash that links it. */
  private record Linked(ChainedEvent event, byte[] hash) {}

  private void insertEvents(List<Linked> events) {
    jdbc.batchUpdate(
        INSERT_EVENT,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            ChainedEvent event = events.get(i).event();
            ps.setLong(1, event.id());
            ps.setString(2, event.actionId());
            ps.setInt(3, event.seq());
            ps.setObject(4, utc(event.occurredAt()));
            ps.setObject(5, utc(event.recordedAt()));
            ps.setString(6, event.eventType());
            ps.setString(7, event.actionType());
            ps.setString(8, event.status());
            ps.setString(9, event.requester());
            ps.setString(10, event.decidedBy());
            ps.setString(11, event.conversationId());
            ps.setString(12, event.customerId());
            ps.setString(13, event.params());
            ps.setObject(14, event.connectorStatus(), Types.INTEGER);
            ps.setString(15, event.connectorSummary());
            ps.setObject(16, event.durationMs(), Types.BIGINT);
            ps.setObject(17, event.policyVersion(), Types.BIGINT);
            ps.setArray(18, ps.getConnection().createArrayOf("text", event.ruleIds().toArray()));
            ps.setString(19, event.detail());
            ps.setString(20, event.note());
            ps.setBytes(21, event.prevHash());
            ps.setBytes(22, events.get(i).hash());
          }

          @Override
          public int getBatchSize() {
            return events.size();
          }
        });
  }

  /** Refuses a malformed batch before anything is written, saying which part is wrong. */
  private static void validate(AuditBatch batch) {
    require(batch.actionId() != null && !batch.actionId().isBlank(), "batch.actionId is required");
    // No request: a stream that is not an action (an alert), so no list row and no status.
    boolean action = batch.request() != null;
    for (AuditEvent event : batch.events()) {
      String where = "event seq " + event.seq() + " of " + batch.actionId();
      require(batch.actionId().equals(event.actionId()), where + " names action " + event.actionId());
      require(event.seq() >= 1, where + ": seq must be 1 or more");
      require(event.occurredAt() != null, where + ": occurredAt is required");
      require(event.type() != null, where + ": type is required");
      require(action || event.type() == AuditEventType.ALERT_RAISED,
          where + ": batch.request is required for an action's events");
      require(!action || event.status() != null, where + ": status is required");
    }
    if (!action) {
      return;
    }
    require(batch.request().type() != null, "batch.request.type is required for action " + batch.actionId());
    require(batch.request().requestId() != null, "batch.request.requestId is required for action " + batch.actionId());
    require(batch.requestHash() != null && !batch.requestHash().isBlank(),
        "batch.requestHash is required for action " + batch.actionId());
    require(batch.createdAt() != null, "batch.createdAt is required for action " + batch.actionId());
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("cannot record audit batch: " + message);
    }
  }

  private static AuditEvent withActionType(AuditEvent event, String requestType) {
    if (event.actionType() != null) {
      return event;
    }
    return new AuditEvent(
        event.actionId(), event.seq(), event.occurredAt(), event.type(), requestType, event.status(),
        event.requester(), event.decidedBy(), event.conversationId(), event.customerId(),
        event.params(), event.connectorStatus(), event.connectorSummary(), event.durationMs(),
        event.policyVersion(), event.ruleIds(), event.detail(), event.note());
  }

  private static BigDecimal amountOf(Map<String, Object> params) {
    Object amount = params.get("amount");
    if (amount == null) {
      return null;
    }
    try {
      return new BigDecimal(amount.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "params.amount must be a decimal string such as \"89.50\", was \"" + amount + "\"", e);
    }
  }

  private static String currencyOf(Map<String, Object> params) {
    Object currency = params.get("currency");
    if (currency == null) {
      return null;
    }
    if (!(currency instanceof String code) || !CURRENCY.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "params.currency must be an ISO 4217 code such as \"USD\", was \"" + currency + "\"");
    }
    return code;
  }

  /** The request for replay by the policy simulator, redacted like the events' params. */
  private String storedRequest(ActionRequest request) {
    ActionRequest redacted =
        new ActionRequest(
            request.requestId(), request.type(), redactor.redactParams(request.type(), request.params()),
            request.actor(), request.customer(), request.conversationId(), request.channel(), request.submittedBy());
    try {
      return JSON.writeValueAsString(redacted);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the request cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static String json(Map<String, Object> params) {
    if (params == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit params cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

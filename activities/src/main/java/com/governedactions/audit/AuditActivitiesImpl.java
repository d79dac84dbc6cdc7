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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of audit events and the action's list row in one transaction, redacted first.
 * Exactly once by construction: events are unique on (action id, seq) and inserted with {@code ON
 * CONFLICT DO NOTHING}; the list row only moves to a higher seq, so a late retry of an old batch
 * never rewinds the status.
 *
 * <p>Each event is chained to the one before it in its action (docs/audit-integrity.md): the
 * action's chain head row is locked for the batch, so one action's batches chain in order while
 * other actions write in parallel. Events at or below the head were written by an earlier attempt of
 * this batch and keep the hash they got then.
 *
 * <p>Round trips are what bounds the ingest rate, so a batch takes three: one statement locks (or
 * creates) the chain head and returns it with the batch's ids and the database's clock, one writes
 * the events, moves the head and upserts the list row with its approval stage, and the commit.
 * Events of one batch that carry equal params are redacted and serialised once.
 */
@Component("auditActivities")
class AuditActivitiesImpl implements AuditActivities {
  private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private static final String EVENT_COLUMNS =
      """
      (id, action_id, seq, occurred_at, recorded_at, event_type, action_type, status, requester,
          decided_by, conversation_id, customer_id, params, connector_status, connector_summary,
          duration_ms, policy_version, rule_ids, detail, note, prev_hash, hash)
      """;
  private static final String EVENT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Creates the head at seq 0 if new, locks it either way, and returns it with ids for the batch's
   * events (the hash covers them, so they come first; a retried event leaves a gap, as identities
   * may) and recorded_at, the database's clock.
   */
  private static final String LOCK_CHAIN_HEAD =
      """
      WITH head AS (
          INSERT INTO governed.audit_chain_head AS head (action_id, seq, hash) VALUES (?, 0, ?)
          ON CONFLICT (action_id) DO UPDATE SET seq = head.seq
          RETURNING seq, hash)
      SELECT head.seq, head.hash, now() AS recorded_at,
          ARRAY(SELECT nextval(?::regclass) FROM generate_series(1, ?)) AS ids
      FROM head
      """;

  /** Seqs below the head that are neither stored nor removed by retention: they came too late. */
  private static final String MISSING_BELOW_HEAD =
      """
      SELECT s FROM unnest(?::int[]) AS s
      WHERE NOT EXISTS (SELECT 1 FROM governed.audit_event e WHERE e.action_id = ? AND e.seq = s)
        AND NOT EXISTS (SELECT 1 FROM governed.audit_retention_anchor a WHERE a.action_id = ? AND a.seq >= s)
      """;

  private static final String MOVE_HEAD = "UPDATE governed.audit_chain_head SET seq = ?, hash = ? WHERE action_id = ?";

  private static final String UPSERT_ACTION =
      """
      INSERT INTO governed.action AS current (action_id, request_id, type, status, actor_type,
          actor_id, customer_id, conversation_id, channel, amount, currency, request_hash, last_seq,
          created_at, updated_at, order_id, request, approval_tier, approval_tiers, approval_roles,
          approval_required, approved_by, approval_deadline)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (action_id) DO UPDATE
      """;

  /** The list row only moves to a higher seq, so a late retry of an old batch never rewinds it. */
  private static final String MOVE_STATUS =
      """
          SET status = excluded.status, last_seq = excluded.last_seq, updated_at = excluded.updated_at
          WHERE current.last_seq < excluded.last_seq
      """;

  // With an approval stage: it applies while the row's last_seq is this batch's (a retry rewrites
  // the same) or when this batch moves it forward, so the stage always belongs to the same event as
  // the status; the status itself still only moves forward.
  private static final String MOVE_STATUS_AND_STAGE =
      """
          SET status = CASE WHEN current.last_seq < excluded.last_seq THEN excluded.status ELSE current.status END,
              updated_at = CASE WHEN current.last_seq < excluded.last_seq THEN excluded.updated_at
                  ELSE current.updated_at END,
              last_seq = excluded.last_seq,
              approval_tier = excluded.approval_tier, approval_tiers = excluded.approval_tiers,
              approval_roles = excluded.approval_roles, approval_required = excluded.approval_required,
              approved_by = excluded.approved_by, approval_deadline = excluded.approval_deadline
          WHERE current.last_seq <= excluded.last_seq
      """;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final Redactor redactor;
  private final AuditKey key;
  private volatile String idSequence;

  AuditActivitiesImpl(
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
    BatchRedaction redaction = new BatchRedaction();
    if (batch.request() == null) {
      recordStream(batch, redaction);
      return;
    }
    ActionRequest request = batch.request();
    List<Redacted> events =
        batch.events().stream().map(event -> redaction.redact(withActionType(event, request.type()))).toList();
    AuditEvent latest =
        events.stream().map(Redacted::event).max(Comparator.comparingInt(AuditEvent::seq)).orElseThrow();
    ActionRow row = new ActionRow(
        batch.actionId(), request, amountOf(request.params()), currencyOf(request.params()), batch.requestHash(),
        latest, batch.createdAt(), storedRequest(request, redaction), batch.approval());

    transaction.executeWithoutResult(status -> write(batch.actionId(), events, row));
  }

  /**
   * Events of a stream that is not an action, such as an alert ({@code alert-<id>}): written and
   * redacted like any event, with no list row. Joins the caller's transaction if there is one.
   */
  private void recordStream(AuditBatch batch, BatchRedaction redaction) {
    List<Redacted> events = batch.events().stream().map(redaction::redact).toList();
    transaction.executeWithoutResult(status -> write(batch.actionId(), events, null));
  }

  /** The list row's values for one batch. */
  private record ActionRow(
      String actionId, ActionRequest request, BigDecimal amount, String currency, String requestHash,
      AuditEvent latest, Instant createdAt, String storedRequest, ApprovalStage stage) {}

  /** An event as it may be stored, with its params as JSON text. */
  private record Redacted(AuditEvent event, String params) {}

  /**
   * Redaction and JSON for one batch: the workflow gives most events of a batch the same params,
   * so equal params (for the same action type) are redacted and written as JSON once.
   */
  private final class BatchRedaction {
    private final Map<List<Object>, Map<String, Object>> redacted = new HashMap<>();
    private final Map<Map<String, Object>, String> json = new IdentityHashMap<>();

    Map<String, Object> params(String actionType, Map<String, Object> params) {
      if (params == null) {
        return null;
      }
      return redacted.computeIfAbsent(
          java.util.Arrays.asList(redactor.isDestructive(actionType), params),
          ignored -> redactor.redactParams(actionType, params));
    }

    Redacted redact(AuditEvent event) {
      Map<String, Object> params = params(event.actionType(), event.params());
      AuditEvent stored = new AuditEvent(
          event.actionId(), event.seq(), event.occurredAt(), event.type(), event.actionType(), event.status(),
          event.requester(), event.decidedBy(), event.conversationId(), event.customerId(), params,
          event.connectorStatus(), redactor.redactText(event.connectorSummary()), event.durationMs(),
          event.policyVersion(), event.ruleIds(), redactor.redactText(event.detail()),
          redactor.redactNote(event.actionType(), event.note()));
      return new Redacted(stored, params == null ? null : json.computeIfAbsent(params, AuditActivitiesImpl::json));
    }
  }

  /**
   * Links the batch's new events to the action's chain and writes them, the moved head and the list
   * row ({@code row} null for a stream) in one statement, after the one that locks the head.
   */
  private void write(String actionId, List<Redacted> events, ActionRow row) {
    Head head = lockHead(actionId, events.size());
    // A batch may repeat a seq: the first one wins, as ON CONFLICT DO NOTHING decides.
    TreeMap<Integer, Redacted> bySeq = new TreeMap<>();
    events.forEach(event -> bySeq.putIfAbsent(event.event().seq(), event));
    requireStored(actionId, bySeq.headMap(head.seq(), true).keySet(), head.seq());
    List<Redacted> fresh = List.copyOf(bySeq.tailMap(head.seq(), false).values());
    List<Linked> chained = new ArrayList<>(fresh.size());
    byte[] prev = head.hash();
    for (int i = 0; i < fresh.size(); i++) {
      AuditEvent event = fresh.get(i).event();
      ChainedEvent link = new ChainedEvent(
          head.ids()[i], event.actionId(), event.seq(), AuditChainHash.micros(event.occurredAt()), head.recordedAt(),
          event.type().name(), event.actionType(), event.status() == null ? null : event.status().name(),
          event.requester(), event.decidedBy(), event.conversationId(), event.customerId(), fresh.get(i).params(),
          event.connectorStatus(), event.connectorSummary(), event.durationMs(), event.policyVersion(),
          event.ruleIds(), event.detail(), event.note(), prev);
      prev = link.hash(key);
      chained.add(new Linked(link, prev));
    }
    if (chained.isEmpty() && row == null) {
      return;
    }
    jdbc.update(connection -> {
      StringBuilder sql = new StringBuilder();
      List<String> ctes = new ArrayList<>();
      if (!chained.isEmpty()) {
        ctes.add("moved AS (" + MOVE_HEAD + ")");
        String insert = insertEvents(chained.size());
        if (row == null) {
          sql.append(insert);
        } else {
          ctes.add("inserted AS (" + insert + ")");
        }
      }
      if (row != null) {
        sql.append(UPSERT_ACTION).append(row.stage() == null ? MOVE_STATUS : MOVE_STATUS_AND_STAGE);
      }
      String statement = ctes.isEmpty() ? sql.toString() : "WITH " + String.join(", ", ctes) + "\n" + sql;
      PreparedStatement ps = connection.prepareStatement(statement);
      int p = 1;
      if (!chained.isEmpty()) {
        ps.setInt(p++, chained.get(chained.size() - 1).event().seq());
        ps.setBytes(p++, chained.get(chained.size() - 1).hash());
        ps.setString(p++, actionId);
        for (Linked linked : chained) {
          p = setEvent(ps, p, linked);
        }
      }
      if (row != null) {
        setActionRow(ps, p, row);
      }
      return ps;
    });
  }

  private static String insertEvents(int count) {
    return "INSERT INTO governed.audit_event " + EVENT_COLUMNS + " OVERRIDING SYSTEM VALUE VALUES "
        + String.join(", ", java.util.Collections.nCopies(count, EVENT_VALUES))
        + " ON CONFLICT (action_id, seq) DO NOTHING";
  }

  /** The chain head, locked for this transaction, with ids and recorded_at for up to {@code count} events. */
  private record Head(int seq, byte[] hash, Instant recordedAt, long[] ids) {}

  private Head lockHead(String actionId, int count) {
    return jdbc.queryForObject(
        LOCK_CHAIN_HEAD,
        (row, n) -> new Head(
            row.getInt("seq"), row.getBytes("hash"),
            AuditChainHash.micros(row.getObject("recorded_at", OffsetDateTime.class).toInstant()),
            java.util.Arrays.stream((Long[]) row.getArray("ids").getArray()).mapToLong(Long::longValue).toArray()),
        actionId, AuditChainHash.GENESIS, idSequence(), count);
  }

  /** The identity sequence of audit_event, looked up once. */
  private String idSequence() {
    String sequence = idSequence;
    if (sequence == null) {
      sequence = jdbc.queryForObject(
          "SELECT pg_get_serial_sequence('governed.audit_event', 'id')", String.class);
      idSequence = sequence;
    }
    return sequence;
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

  private static int setEvent(PreparedStatement ps, int p, Linked linked) throws SQLException {
    ChainedEvent event = linked.event();
    ps.setLong(p++, event.id());
    ps.setString(p++, event.actionId());
    ps.setInt(p++, event.seq());
    ps.setObject(p++, utc(event.occurredAt()));
    ps.setObject(p++, utc(event.recordedAt()));
    ps.setString(p++, event.eventType());
    ps.setString(p++, event.actionType());
    ps.setString(p++, event.status());
    ps.setString(p++, event.requester());
    ps.setString(p++, event.decidedBy());
    ps.setString(p++, event.conversationId());
    ps.setString(p++, event.customerId());
    ps.setString(p++, event.params());
    ps.setObject(p++, event.connectorStatus(), Types.INTEGER);
    ps.setString(p++, event.connectorSummary());
    ps.setObject(p++, event.durationMs(), Types.BIGINT);
    ps.setObject(p++, event.policyVersion(), Types.BIGINT);
    ps.setArray(p++, ps.getConnection().createArrayOf("text", event.ruleIds().toArray()));
    ps.setString(p++, event.detail());
    ps.setString(p++, event.note());
    ps.setBytes(p++, event.prevHash());
    ps.setBytes(p++, linked.hash());
    return p;
  }

  private static void setActionRow(PreparedStatement ps, int p, ActionRow row) throws SQLException {
    ActionRequest request = row.request();
    ps.setString(p++, row.actionId());
    ps.setString(p++, request.requestId());
    ps.setString(p++, request.type());
    ps.setString(p++, row.latest().status().name());
    ps.setString(p++, request.actor() == null || request.actor().type() == null ? null : request.actor().type().json());
    ps.setString(p++, request.actor() == null ? null : request.actor().id());
    ps.setString(p++, request.customer() == null ? null : request.customer().id());
    ps.setString(p++, request.conversationId());
    ps.setString(p++, request.channel());
    ps.setBigDecimal(p++, row.amount());
    ps.setString(p++, row.currency());
    ps.setString(p++, row.requestHash());
    ps.setInt(p++, row.latest().seq());
    ps.setObject(p++, utc(row.createdAt()));
    ps.setObject(p++, utc(row.latest().occurredAt()));
    ps.setString(p++, request.params().get("orderId") instanceof String orderId ? orderId : null);
    ps.setString(p++, row.storedRequest());
    ApprovalStage stage = row.stage();
    if (stage == null) {
      for (int i = 0; i < 6; i++) {
        ps.setNull(p++, Types.OTHER); // no approval yet, or a batch from an older worker: leave what is there
      }
      return;
    }
    ps.setInt(p++, stage.tier());
    ps.setInt(p++, stage.tiers());
    ps.setArray(p++, ps.getConnection().createArrayOf("text", stage.roles().toArray()));
    ps.setInt(p++, stage.required());
    ps.setArray(p++, ps.getConnection().createArrayOf("text", stage.approvedBy().toArray()));
    ps.setObject(p, stage.deadline() == null ? null : utc(stage.deadline()), Types.TIMESTAMP_WITH_TIMEZONE);
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
  private static String storedRequest(ActionRequest request, BatchRedaction redaction) {
    ActionRequest redacted =
        new ActionRequest(
            request.requestId(), request.type(), redaction.params(request.type(), request.params()),
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

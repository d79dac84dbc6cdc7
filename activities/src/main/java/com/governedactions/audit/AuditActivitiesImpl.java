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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of audit events and the action's list row in one transaction, redacted first.
 * Exactly once by construction: events are unique on (action id, seq) and inserted with {@code ON
 * CONFLICT DO NOTHING}; the list row only moves to a higher seq, so a late retry of an old batch
 * never rewinds the status.
 */
@Component("auditActivities")
class AuditActivitiesImpl implements AuditActivities {
  private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private static final String INSERT_EVENT =
      """
      INSERT INTO governed.audit_event (action_id, seq, occurred_at, event_type, action_type, status,
          requester, decided_by, conversation_id, customer_id, params, connector_status,
          connector_summary, duration_ms, policy_version, rule_ids, detail, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (action_id, seq) DO NOTHING
      """;

  private static final String UPSERT_ACTION =
      """
      INSERT INTO governed.action AS current (action_id, request_id, type, status, actor_type,
          actor_id, customer_id, conversation_id, channel, amount, currency, request_hash, last_seq,
          created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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

  AuditActivitiesImpl(JdbcTemplate jdbc, PlatformTransactionManager transactions, Redactor redactor) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.redactor = redactor;
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
          insertEvents(events);
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
              utc(latest.occurredAt()));
          setApprovalStage(batch.actionId(), latest.seq(), batch.approval());
        });
  }

  /**
   * Events of a stream that is not an action, such as an alert ({@code alert-<id>}): written and
   * redacted like any event, with no list row. Joins the caller's transaction if there is one.
   */
  private void recordStream(AuditBatch batch) {
    List<AuditEvent> events = batch.events().stream().map(redactor::redact).toList();
    transaction.executeWithoutResult(status -> insertEvents(events));
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

  private void insertEvents(List<AuditEvent> events) {
    jdbc.batchUpdate(
        INSERT_EVENT,
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            AuditEvent event = events.get(i);
            ps.setString(1, event.actionId());
            ps.setInt(2, event.seq());
            ps.setObject(3, utc(event.occurredAt()));
            ps.setString(4, event.type().name());
            ps.setString(5, event.actionType());
            ps.setString(6, event.status() == null ? null : event.status().name());
            ps.setString(7, event.requester());
            ps.setString(8, event.decidedBy());
            ps.setString(9, event.conversationId());
            ps.setString(10, event.customerId());
            ps.setString(11, json(event.params()));
            ps.setObject(12, event.connectorStatus(), Types.INTEGER);
            ps.setString(13, event.connectorSummary());
            ps.setObject(14, event.durationMs(), Types.BIGINT);
            ps.setObject(15, event.policyVersion(), Types.BIGINT);
            ps.setArray(16, ps.getConnection().createArrayOf("text", event.ruleIds().toArray()));
            ps.setString(17, event.detail());
            ps.setString(18, event.note());
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

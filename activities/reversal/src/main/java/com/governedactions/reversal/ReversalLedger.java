package com.governedactions.reversal;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a SUCCEEDED action into REVERSED: one REVERSED event appended to its own trail, through the
 * audit writer (redaction, list row) like every other event. Safe only because the original's
 * workflow has completed and writes no more events; idempotent because the action's list row is
 * locked while the trail is checked for an earlier REVERSED event.
 */
@Component
class ReversalLedger {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final AuditActivities audit;
  private final Clock clock;

  @Autowired
  public ReversalLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditActivities audit) {
    this(jdbc, transactions, audit, Clock.systemUTC());
  }

  ReversalLedger(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditActivities audit, Clock clock) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Appends the REVERSED event unless there already is one; {@code detail} names the reversal.
   *
   * @return true if this call marked the action, false if it was already REVERSED
   * @throws IllegalStateException if the action is unknown, or neither SUCCEEDED nor REVERSED
   */
  public boolean markReversed(String actionId, String detail) {
    return Boolean.TRUE.equals(transaction.execute(status -> {
      List<ActionRequestRow> rows = jdbc.query(
          """
          SELECT request_id, type, status, actor_type, actor_id, customer_id, conversation_id, channel,
                 request_hash, created_at
          FROM governed.action WHERE action_id = ? FOR UPDATE
          """,
          (rs, i) -> new ActionRequestRow(
              rs.getString("request_id"), rs.getString("type"), rs.getString("status"), rs.getString("actor_type"),
              rs.getString("actor_id"), rs.getString("customer_id"), rs.getString("conversation_id"),
              rs.getString("channel"), rs.getString("request_hash"),
              rs.getObject("created_at", OffsetDateTime.class).toInstant()),
          actionId);
      if (rows.isEmpty()) {
        throw new IllegalStateException("no action " + actionId + " to mark REVERSED");
      }
      Integer marked = jdbc.queryForObject(
          "SELECT count(*) FROM governed.audit_event WHERE action_id = ? AND event_type = ?",
          Integer.class, actionId, AuditEventType.REVERSED.name());
      if (marked != null && marked > 0) {
        return false;
      }
      ActionRequestRow row = rows.get(0);
      if (!ActionStatus.SUCCEEDED.name().equals(row.status())) {
        throw new IllegalStateException("action " + actionId + " is " + row.status() + ", not SUCCEEDED");
      }
      Integer lastSeq = jdbc.queryForObject(
          "SELECT max(seq) FROM governed.audit_event WHERE action_id = ?", Integer.class, actionId);
      int seq = (lastSeq == null ? 0 : lastSeq) + 1;
      ActionRequest request = row.request();
      AuditEvent event = new AuditEvent(
          actionId, seq, clock.instant(), AuditEventType.REVERSED, row.type(), ActionStatus.REVERSED,
          row.actorId(), AuditEvent.AUTO, row.conversationId(), row.customerId(), Map.of(),
          null, null, null, null, List.of(), detail, null);
      // Joins this transaction: the check above and the append commit together.
      audit.record(new AuditBatch(actionId, request, row.requestHash(), row.createdAt(), List.of(event)));
      return true;
    }));
  }

  private record ActionRequestRow(
      String requestId, String type, String status, String actorType, String actorId, String customerId,
      String conversationId, String channel, String requestHash, Instant createdAt) {
    ActionRequest request() {
      ActorType actor = "ai".equals(actorType) ? ActorType.AI : ActorType.HUMAN;
      return new ActionRequest(requestId, type, Map.of(), new Actor(actor, actorId, List.of()),
          new Customer(customerId, null, null), conversationId, channel, null);
    }
  }
}

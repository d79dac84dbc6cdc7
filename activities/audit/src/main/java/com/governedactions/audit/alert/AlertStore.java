package com.governedactions.audit.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.PageCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores alerts once each and records every new one in the audit trail, in one transaction: as
 * event 1 of its own stream {@code alert-<id>} (an action's sequence numbers belong to its running
 * workflow, so an alert never appends to an action's stream), written by the audit writer like any
 * other event.
 */
@Repository
public class AlertStore {
  public static final int MAX_LIMIT = 200;
  static final String STREAM_PREFIX = "alert-";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CURSOR_VERSION = "al1";

  private final JdbcClient jdbc;
  private final AuditActivities audit;
  private final TransactionTemplate transaction;

  AlertStore(
      JdbcClient jdbc,
      @Qualifier("auditActivities") AuditActivities audit,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Raises an alert another feature module found (its detector is not one of this package's): once
   * per {@code fingerprint}, recorded in the audit trail like every alert.
   *
   * @return the new alert's id; empty when one with this fingerprint was raised already
   */
  public Optional<Long> raise(AlertKind kind, String fingerprint, String subject, String actionType, String summary,
      Map<String, Object> details, List<String> actionIds, Instant now) {
    return raise(new Finding(kind, kind.name() + "|" + fingerprint, subject, actionType, null, null, summary, details,
        actionIds), now);
  }

  /** Stores the finding unless its fingerprint is stored already; the new alert's id, if any. */
  Optional<Long> raise(Finding finding, Instant now) {
    return transaction.execute(status -> {
      Optional<Long> id =
          jdbc.sql(
                  """
                  INSERT INTO governed.alert (kind, fingerprint, raised_at, subject, action_type, summary,
                      details, action_ids)
                  VALUES (:kind, :fingerprint, :raisedAt, :subject, :actionType, :summary, :details::jsonb,
                      string_to_array(:actionIds, chr(31)))
                  ON CONFLICT (fingerprint) DO NOTHING
                  RETURNING id
                  """)
              .param("kind", finding.kind().name())
              .param("fingerprint", finding.fingerprint())
              .param("raisedAt", now.atOffset(ZoneOffset.UTC))
              .param("subject", finding.subject())
              .param("actionType", finding.actionType())
              .param("summary", finding.summary())
              .param("details", json(finding.details()))
              .param("actionIds", String.join("\u001f", finding.actionIds()))
              .query(Long.class)
              .optional();
      id.ifPresent(alertId -> audit.record(auditBatch(alertId, finding, now)));
      return id;
    });
  }

  private static AuditBatch auditBatch(long id, Finding finding, Instant now) {
    String stream = STREAM_PREFIX + id;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("kind", finding.kind().name());
    params.put("subject", finding.subject());
    params.put("actionIds", finding.actionIds());
    params.put("details", finding.details());
    AuditEvent event =
        new AuditEvent(stream, 1, now, AuditEventType.ALERT_RAISED, finding.actionType(), null, null,
            AuditEvent.AUTO, finding.conversationId(), finding.customerId(), params, null, null, null, null,
            List.of(), finding.summary(), null);
    return new AuditBatch(stream, null, null, now, List.of(event));
  }

  /** Newest first, optionally of one kind, keyset-paged on the id. */
  public AlertPage list(AlertKind kind, int limit, String cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    Long before = cursor == null ? null : decode(cursor);
    String sql =
        "SELECT * FROM governed.alert WHERE true"
            + (kind == null ? "" : " AND kind = :kind")
            + (before == null ? "" : " AND id < :before")
            + " ORDER BY id DESC LIMIT :fetch";
    JdbcClient.StatementSpec statement = jdbc.sql(sql).param("fetch", limit + 1);
    if (kind != null) {
      statement = statement.param("kind", kind.name());
    }
    if (before != null) {
      statement = statement.param("before", before);
    }
    List<Alert> rows = statement.query(AlertStore::alert).list();
    if (rows.size() <= limit) {
      return new AlertPage(rows, null);
    }
    List<Alert> page = List.copyOf(rows.subList(0, limit));
    return new AlertPage(page, encode(page.get(page.size() - 1).id()));
  }

  private static Alert alert(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    return new Alert(
        id,
        AlertKind.valueOf(rs.getString("kind")),
        rs.getObject("raised_at", OffsetDateTime.class).toInstant(),
        rs.getString("subject"),
        rs.getString("action_type"),
        rs.getString("summary"),
        parse(rs.getString("details")),
        Arrays.asList((String[]) rs.getArray("action_ids").getArray()),
        STREAM_PREFIX + id);
  }

  private static String encode(long id) {
    return PageCursor.encode(CURSOR_VERSION, id);
  }

  private static long decode(String cursor) {
    return PageCursor.decode(cursor, CURSOR_VERSION, 1, fields -> Long.parseLong(fields[0]));
  }

  private static String json(Map<String, Object> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("alert details cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> parse(String details) {
    try {
      return JSON.readValue(details, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored alert details are not JSON", e);
    }
  }
}

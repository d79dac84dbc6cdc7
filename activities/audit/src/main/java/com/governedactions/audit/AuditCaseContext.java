package com.governedactions.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The case behind an action, read from the audit store: the action itself (request, customer,
 * channel, its decision and every step so far) and the conversation's earlier actions with what
 * happened to each. Parameters come as the audit stored them, already redacted.
 *
 * <p>The workflow writes its audit events before the first connector call, so the action's own
 * request and decision are always here when a ticket is created.
 *
 * <p>The HTTP connector reads it through its {@code CaseContextSource} SPI; the worker binds the
 * two ({@code com.governedactions.worker.CaseContextBinding}), so connectors do not depend on audit.
 */
@Component
public class AuditCaseContext {
  /** Enough for a person to see the pattern; a long conversation's oldest actions are left out. */
  static final int MAX_EARLIER_ACTIONS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;

  public AuditCaseContext(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Map<String, Object> forAction(String actionId) {
    Map<String, Object> context = new LinkedHashMap<>();
    List<Map<String, Object>> self = actions("WHERE action_id = :id", Map.of("id", actionId));
    if (self.isEmpty()) {
      context.put("actionId", actionId);
      context.put("note", "no audit record of this action yet");
      return context;
    }
    Map<String, Object> action = self.get(0);
    String conversationId = (String) action.get("conversationId");
    context.put("conversationId", conversationId);
    context.put("customerId", action.get("customerId"));
    context.put("channel", action.get("channel"));
    List<Map<String, Object>> events = events(List.of(actionId)).getOrDefault(actionId, List.of());
    context.put("request", request(action, events));
    context.put("decision", decision(events));
    context.put("steps", events);
    List<Map<String, Object>> earlier = conversationId == null ? List.of() : actions("""
        WHERE conversation_id = :conversation AND action_id <> :id
          AND created_at <= (SELECT created_at FROM governed.action WHERE action_id = :id)
        ORDER BY created_at DESC, action_id DESC LIMIT :limit""",
        Map.of("conversation", conversationId, "id", actionId, "limit", MAX_EARLIER_ACTIONS));
    Map<String, List<Map<String, Object>>> earlierEvents =
        events(earlier.stream().map(a -> (String) a.get("actionId")).toList());
    List<Map<String, Object>> attempted = new ArrayList<>();
    List<Map<String, Object>> oldestFirst = new ArrayList<>(earlier);
    java.util.Collections.reverse(oldestFirst);
    for (Map<String, Object> other : oldestFirst) {
      List<Map<String, Object>> otherEvents = earlierEvents.getOrDefault((String) other.get("actionId"), List.of());
      Map<String, Object> entry = new LinkedHashMap<>(other);
      entry.put("params", otherEvents.isEmpty() ? null : otherEvents.get(0).remove("params"));
      entry.put("decision", decision(otherEvents));
      entry.put("events", otherEvents);
      attempted.add(entry);
    }
    context.put("earlierActions", attempted);
    return context;
  }

  private static Map<String, Object> request(Map<String, Object> action, List<Map<String, Object>> events) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("actionId", action.get("actionId"));
    request.put("requestId", action.get("requestId"));
    request.put("type", action.get("type"));
    request.put("actor", action.get("actor"));
    request.put("params", events.isEmpty() ? null : events.get(0).remove("params"));
    request.put("requestedAt", action.get("createdAt"));
    return request;
  }

  /** The latest policy version and matched rules an event recorded. */
  private static Map<String, Object> decision(List<Map<String, Object>> events) {
    Map<String, Object> decision = new LinkedHashMap<>();
    for (Map<String, Object> event : events) {
      if (event.get("policyVersion") != null) {
        decision.put("policyVersion", event.get("policyVersion"));
        decision.put("rules", event.get("rules"));
      }
    }
    return decision;
  }

  private List<Map<String, Object>> actions(String where, Map<String, Object> params) {
    return jdbc.sql("""
            SELECT action_id, request_id, type, status, actor_type, actor_id, customer_id, conversation_id,
                   channel, amount, currency, created_at, updated_at
              FROM governed.action
            """ + where)
        .params(params)
        .query((rs, row) -> {
          Map<String, Object> action = new LinkedHashMap<>();
          action.put("actionId", rs.getString("action_id"));
          action.put("requestId", rs.getString("request_id"));
          action.put("type", rs.getString("type"));
          action.put("status", rs.getString("status"));
          action.put("actor", rs.getString("actor_type") + ":" + rs.getString("actor_id"));
          action.put("customerId", rs.getString("customer_id"));
          action.put("conversationId", rs.getString("conversation_id"));
          action.put("channel", rs.getString("channel"));
          if (rs.getBigDecimal("amount") != null) {
            action.put("amount", rs.getBigDecimal("amount").stripTrailingZeros().toPlainString());
            action.put("currency", rs.getString("currency"));
          }
          action.put("createdAt", instant(rs.getTimestamp("created_at")));
          action.put("updatedAt", instant(rs.getTimestamp("updated_at")));
          return action;
        })
        .list();
  }

  /** Each action's events in order; the first one keeps the stored (redacted) parameters. */
  private Map<String, List<Map<String, Object>>> events(List<String> actionIds) {
    Map<String, List<Map<String, Object>>> byAction = new LinkedHashMap<>();
    if (actionIds.isEmpty()) {
      return byAction;
    }
    jdbc.sql("""
            SELECT action_id, seq, occurred_at, event_type, status, decided_by, connector_status,
                   connector_summary, policy_version, rule_ids, detail, params::text AS params
              FROM governed.audit_event
             WHERE action_id IN (:ids)
             ORDER BY action_id, seq""")
        .param("ids", actionIds)
        .query((ResultSet rs) -> {
          List<Map<String, Object>> events = byAction.computeIfAbsent(rs.getString("action_id"), id -> new ArrayList<>());
          Map<String, Object> event = new LinkedHashMap<>();
          event.put("seq", rs.getInt("seq"));
          event.put("at", instant(rs.getTimestamp("occurred_at")));
          event.put("event", rs.getString("event_type"));
          event.put("status", rs.getString("status"));
          event.put("by", rs.getString("decided_by"));
          putIfNotNull(event, "connectorStatus", rs.getObject("connector_status"));
          putIfNotNull(event, "connectorSummary", rs.getString("connector_summary"));
          putIfNotNull(event, "detail", rs.getString("detail"));
          long version = rs.getLong("policy_version");
          if (!rs.wasNull()) {
            event.put("policyVersion", version);
            event.put("rules", strings(rs.getArray("rule_ids")));
          }
          if (events.isEmpty()) {
            event.put("params", json(rs.getString("params")));
          }
          events.add(event);
        });
    return byAction;
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
  }

  private static String instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant().toString();
  }

  private static Object json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit params are not JSON", e);
    }
  }
}

package com.governedactions.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the approvals queue behind {@code GET /api/v1/approvals?status=pending} from the action
 * rows the audit writer keeps current: oldest first, keyset-paged on (created_at, action_id).
 */
@Repository
public class ApprovalQueueRepository {
  public static final int MAX_LIMIT = 200;
  private static final String CURSOR_VERSION = "q1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final Clock clock;

  @Autowired
  public ApprovalQueueRepository(JdbcClient jdbc) {
    this(jdbc, Clock.systemUTC());
  }

  ApprovalQueueRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * @param roles only actions one of these roles may approve at their current tier; empty for all.
   *     An action without a recorded stage (asked for by an older worker) matches every role, so
   *     nothing pending is ever hidden.
   */
  public ApprovalQueuePage pending(List<String> roles, int limit, String cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    ActionPosition after = cursor == null ? null : ActionPosition.decode(cursor, CURSOR_VERSION);
    StringBuilder sql =
        new StringBuilder(
            """
            SELECT action_id, type, actor_id, customer_id, conversation_id, amount, currency, created_at,
                approval_tier, approval_tiers, approval_roles, approval_required, approved_by,
                approval_deadline
            FROM governed.action
            WHERE status = 'AWAITING_APPROVAL'
            """);
    if (!roles.isEmpty()) {
      sql.append("AND (approval_roles IS NULL OR approval_roles && string_to_array(:roles, ','))\n");
    }
    if (after != null) {
      sql.append("AND (created_at, action_id) > (:afterCreatedAt, :afterActionId)\n");
    }
    sql.append("ORDER BY created_at, action_id LIMIT :fetch");

    JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("fetch", limit + 1);
    if (!roles.isEmpty()) {
      statement = statement.param("roles", String.join(",", roles));
    }
    if (after != null) {
      statement =
          statement
              .param("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
              .param("afterActionId", after.actionId());
    }
    Instant now = clock.instant();
    List<PendingApproval> rows = statement.query((rs, row) -> item(rs, now)).list();
    if (rows.size() <= limit) {
      return new ApprovalQueuePage(rows, null);
    }
    List<PendingApproval> page = List.copyOf(rows.subList(0, limit));
    PendingApproval last = page.get(page.size() - 1);
    return new ApprovalQueuePage(page, new ActionPosition(last.createdAt(), last.actionId()).encode(CURSOR_VERSION));
  }

  /**
   * The console inbox's page: pending actions the roles may decide now (the same eligibility as
   * {@link #pending}), soonest SLA deadline first (none last, then oldest first), the query's
   * filters as the WHERE clause, everything a row shows from the action row and its claim. Served
   * by the partial index {@code action_pending_by_deadline}: the first page costs about the same at
   * 10 or 10,000 pending.
   */
  public List<QueuedApproval> byDeadline(DeadlineQuery query) {
    StringBuilder sql =
        new StringBuilder(
            """
            SELECT a.action_id, a.type, a.actor_id, a.customer_id, a.conversation_id, a.amount, a.currency,
                a.created_at, a.approval_tier, a.approval_tiers, a.approval_roles, a.approval_required,
                a.approved_by, a.approval_deadline, a.actor_type, a.rules, a.approval_asked_at,
                a.request #> '{params,reason}' AS reason, c.claimed_by
            FROM governed.action a LEFT JOIN governed.approval_claim c ON c.action_id = a.action_id
            WHERE a.status = 'AWAITING_APPROVAL'
            """);
    Map<String, Object> params = new HashMap<>();
    if (!query.roles().isEmpty()) {
      sql.append("AND (a.approval_roles IS NULL OR a.approval_roles && string_to_array(:roles, ','))\n");
      params.put("roles", String.join(",", query.roles()));
    }
    if (query.type() != null) {
      sql.append("AND lower(a.type) = lower(:type)\n");
      params.put("type", query.type());
    }
    if (query.min() != null) {
      sql.append("AND a.amount >= :min\n");
      params.put("min", query.min());
    }
    if (query.max() != null) {
      sql.append("AND a.amount <= :max\n");
      params.put("max", query.max());
    }
    Instant now = clock.instant();
    if (query.breachedOnly()) {
      // Breached as each row says it: at or past the deadline.
      sql.append("AND a.approval_deadline <= :now\n");
      params.put("now", now.atOffset(ZoneOffset.UTC));
    }
    if (query.claimedBy() != null) {
      sql.append("AND c.claimed_by = :claimedBy\n");
      params.put("claimedBy", query.claimedBy());
    }
    sql.append("ORDER BY a.approval_deadline NULLS LAST, a.created_at, a.action_id LIMIT :limit");
    params.put("limit", query.limit());
    return jdbc.sql(sql.toString()).params(params).query((rs, row) -> queued(rs, now)).list();
  }

  private static QueuedApproval queued(ResultSet rs, Instant now) throws SQLException {
    String reason = null;
    boolean redacted = false;
    String reasonJson = rs.getString("reason");
    if (reasonJson != null) {
      Object value = parse(reasonJson);
      redacted = value instanceof Map<?, ?> map && map.containsKey("redacted");
      reason = redacted ? null : value instanceof String text ? text : reasonJson;
    }
    OffsetDateTime askedAt = rs.getObject("approval_asked_at", OffsetDateTime.class);
    List<String> rules = strings(rs.getArray("rules"));
    return new QueuedApproval(item(rs, now), rs.getString("actor_type"), rules, reason, redacted,
        askedAt == null ? null : askedAt.toInstant(), rs.getString("claimed_by"));
  }

  private static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static PendingApproval item(ResultSet rs, Instant now) throws SQLException {
    OffsetDateTime deadlineAt = rs.getObject("approval_deadline", OffsetDateTime.class);
    Instant deadline = deadlineAt == null ? null : deadlineAt.toInstant();
    boolean breached = deadline != null && !now.isBefore(deadline);
    Duration timeLeft =
        deadline == null ? null : breached ? Duration.ZERO : Duration.between(now, deadline).truncatedTo(ChronoUnit.SECONDS);
    return new PendingApproval(
        rs.getString("action_id"),
        rs.getString("type"),
        rs.getString("actor_id"),
        rs.getString("customer_id"),
        rs.getString("conversation_id"),
        ActionListRepository.atCurrencyScale(rs.getBigDecimal("amount"), rs.getString("currency")),
        rs.getString("currency"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        (Integer) rs.getObject("approval_tier"),
        (Integer) rs.getObject("approval_tiers"),
        strings(rs.getArray("approval_roles")),
        (Integer) rs.getObject("approval_required"),
        strings(rs.getArray("approved_by")),
        deadline,
        timeLeft,
        breached);
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? null : Arrays.asList((String[]) array.getArray());
  }
}

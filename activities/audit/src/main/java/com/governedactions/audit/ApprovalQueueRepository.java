package com.governedactions.audit;

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
import java.util.List;
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

package com.governedactions.audit;

import com.governedactions.action.ActionStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the action list behind {@code GET /api/v1/actions}: newest first, keyset-paged on
 * (created_at, action_id) so a page costs the same at any depth and rows added meanwhile cause no
 * gaps or repeats.
 */
@Repository
public class ActionListRepository {
  public static final int MAX_LIMIT = 200;

  private static final String COLUMNS =
      """
      SELECT action_id, request_id, type, status, actor_type, actor_id, customer_id,
          conversation_id, channel, amount, currency, created_at, updated_at
      FROM governed.action
      """;
  private static final String CURSOR_VERSION = "v1";

  private final JdbcClient jdbc;

  public ActionListRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public ActionListPage find(ActionListFilter filter) {
    if (filter.limit() < 1 || filter.limit() > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + filter.limit());
    }
    ActionPosition after = filter.cursor() == null ? null : ActionPosition.decode(filter.cursor(), CURSOR_VERSION);

    List<String> conditions = new ArrayList<>();
    if (filter.status() != null) {
      conditions.add("status = :status");
    }
    if (filter.type() != null) {
      conditions.add("type = :type");
    }
    if (filter.conversationId() != null) {
      conditions.add("conversation_id = :conversationId");
    }
    if (after != null) {
      conditions.add("(created_at, action_id) < (:afterCreatedAt, :afterActionId)");
    }
    String sql =
        COLUMNS
            + (conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + "\n")
            + "ORDER BY created_at DESC, action_id DESC LIMIT :fetch";

    JdbcClient.StatementSpec statement =
        jdbc.sql(sql).param("fetch", filter.limit() + 1); // one extra row says whether a next page exists
    if (filter.status() != null) {
      statement = statement.param("status", filter.status().name());
    }
    if (filter.type() != null) {
      statement = statement.param("type", filter.type());
    }
    if (filter.conversationId() != null) {
      statement = statement.param("conversationId", filter.conversationId());
    }
    if (after != null) {
      statement =
          statement
              .param("afterCreatedAt", after.createdAt().atOffset(ZoneOffset.UTC))
              .param("afterActionId", after.actionId());
    }
    List<ActionListItem> rows = statement.query(ActionListRepository::item).list();

    if (rows.size() <= filter.limit()) {
      return new ActionListPage(rows, null);
    }
    List<ActionListItem> page = List.copyOf(rows.subList(0, filter.limit()));
    ActionListItem last = page.get(page.size() - 1);
    return new ActionListPage(page, new ActionPosition(last.createdAt(), last.actionId()).encode(CURSOR_VERSION));
  }

  public Optional<ActionListItem> findById(String actionId) {
    return jdbc.sql(COLUMNS + "WHERE action_id = :actionId")
        .param("actionId", actionId)
        .query(ActionListRepository::item)
        .optional();
  }

  private static ActionListItem item(ResultSet rs, int row) throws SQLException {
    return new ActionListItem(
        rs.getString("action_id"),
        rs.getString("request_id"),
        rs.getString("type"),
        ActionStatus.valueOf(rs.getString("status")),
        rs.getString("actor_type"),
        rs.getString("actor_id"),
        rs.getString("customer_id"),
        rs.getString("conversation_id"),
        rs.getString("channel"),
        atCurrencyScale(rs.getBigDecimal("amount"), rs.getString("currency")),
        rs.getString("currency"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  /** The column keeps 4 decimals; a client sees the currency's own, as in "89.50" or "1200" (JPY). */
  static BigDecimal atCurrencyScale(BigDecimal amount, String currency) {
    if (amount == null || currency == null) {
      return amount;
    }
    try {
      int digits = java.util.Currency.getInstance(currency.trim()).getDefaultFractionDigits();
      return digits < 0 ? amount.stripTrailingZeros() : amount.setScale(digits, java.math.RoundingMode.UNNECESSARY);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return amount.stripTrailingZeros(); // unknown code or more precision than the currency has
    }
  }
}

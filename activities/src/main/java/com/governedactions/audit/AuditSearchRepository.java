package com.governedactions.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches the audit trail behind {@code GET /api/v1/audit}: newest first, keyset-paged on
 * (occurred_at, id). Both are fixed once a row is written, so a page costs the same at any depth,
 * and rows inserted while a client pages never make it see a row twice or miss one that was there
 * when it started. Each equality filter has an index in that order (V13).
 */
@Repository
public class AuditSearchRepository {
  public static final int MAX_LIMIT = 500;
  /** Rows PostgreSQL sends per round trip while exporting; memory stays flat at any export size. */
  static final int EXPORT_FETCH_SIZE = 1_000;

  private static final String COLUMNS =
      """
      SELECT id, action_id, seq, occurred_at, recorded_at, event_type, action_type, status, requester,
          decided_by, conversation_id, customer_id, params::text AS params, connector_status,
          connector_summary, duration_ms, policy_version, rule_ids, detail, note
      FROM governed.audit_event
      """;
  private static final String CURSOR_VERSION = "a1";

  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate readOnly;

  public AuditSearchRepository(DataSource dataSource) {
    JdbcTemplate template = new JdbcTemplate(dataSource);
    // only takes effect inside a transaction: PostgreSQL's driver streams with a cursor only then
    template.setFetchSize(EXPORT_FETCH_SIZE);
    this.jdbc = new NamedParameterJdbcTemplate(template);
    this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.readOnly.setReadOnly(true);
  }

  /** One page. Throws {@link IllegalArgumentException} naming the fault for a bad limit or cursor. */
  public AuditPage search(AuditQuery query) {
    if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + query.limit());
    }
    MapSqlParameterSource params = new MapSqlParameterSource();
    // one extra row says whether a next page exists
    String sql = sql(query, params) + " LIMIT :fetch";
    params.addValue("fetch", query.limit() + 1);
    List<AuditRecord> rows = jdbc.query(sql, params, AuditSearchRepository::record);
    if (rows.size() <= query.limit()) {
      return new AuditPage(rows, null);
    }
    List<AuditRecord> page = List.copyOf(rows.subList(0, query.limit()));
    AuditRecord last = page.get(page.size() - 1);
    return new AuditPage(page, new Position(last.occurredAt(), last.id()).encode());
  }

  /**
   * Every matching row, in page order, handed to {@code sink} as it arrives from the database: one
   * read-only transaction with a server-side cursor, never the whole result in memory. A limit of 0
   * exports everything; the cursor, if any, starts after that row.
   *
   * @return the number of rows exported
   */
  public long export(AuditQuery query, Consumer<AuditRecord> sink) {
    if (query.limit() < 0) {
      throw new IllegalArgumentException("limit must be 0 (all) or more, was " + query.limit());
    }
    MapSqlParameterSource params = new MapSqlParameterSource();
    String sql = sql(query, params);
    if (query.limit() > 0) {
      sql += " LIMIT :fetch";
      params.addValue("fetch", query.limit());
    }
    String statement = sql;
    long[] count = {0};
    readOnly.executeWithoutResult(
        status ->
            jdbc.query(
                statement,
                params,
                (ResultSet rs) -> {
                  sink.accept(record(rs, 0));
                  count[0]++;
                }));
    return count[0];
  }

  private static String sql(AuditQuery query, MapSqlParameterSource params) {
    List<String> conditions = new ArrayList<>();
    equal(conditions, params, "status", "status", query.status() == null ? null : query.status().name());
    equal(conditions, params, "event_type", "event", query.event() == null ? null : query.event().name());
    equal(conditions, params, "conversation_id", "conversationId", query.conversationId());
    equal(conditions, params, "action_type", "actionType", query.actionType());
    equal(conditions, params, "requester", "actor", query.actor());
    equal(conditions, params, "customer_id", "customerId", query.customerId());
    if (query.from() != null) {
      conditions.add("occurred_at >= :from");
      params.addValue("from", utc(query.from()));
    }
    if (query.to() != null) {
      conditions.add("occurred_at < :to");
      params.addValue("to", utc(query.to()));
    }
    if (query.cursor() != null) {
      Position after = Position.decode(query.cursor());
      conditions.add("(occurred_at, id) < (:afterOccurredAt, :afterId)");
      params.addValue("afterOccurredAt", utc(after.occurredAt()));
      params.addValue("afterId", after.id());
    }
    return COLUMNS
        + (conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + "\n")
        + "ORDER BY occurred_at DESC, id DESC";
  }

  private static void equal(
      List<String> conditions, MapSqlParameterSource params, String column, String name, String value) {
    if (value != null) {
      conditions.add(column + " = :" + name);
      params.addValue(name, value);
    }
  }

  private static AuditRecord record(ResultSet rs, int row) throws SQLException {
    Array ruleIds = rs.getArray("rule_ids");
    return new AuditRecord(
        rs.getLong("id"),
        rs.getString("action_id"),
        rs.getInt("seq"),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
        rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
        rs.getString("event_type"),
        rs.getString("action_type"),
        rs.getString("status"),
        rs.getString("requester"),
        rs.getString("decided_by"),
        rs.getString("conversation_id"),
        rs.getString("customer_id"),
        rs.getString("params"),
        rs.getObject("connector_status", Integer.class),
        rs.getString("connector_summary"),
        rs.getObject("duration_ms", Long.class),
        rs.getObject("policy_version", Long.class),
        ruleIds == null ? List.of() : Arrays.asList((String[]) ruleIds.getArray()),
        rs.getString("detail"),
        rs.getString("note"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** The last row of a page. PostgreSQL keeps microseconds, so the cursor keeps them exactly. */
  private record Position(Instant occurredAt, long id) {
    String encode() {
      return PageCursor.encode(CURSOR_VERSION, PageCursor.micros(occurredAt), id);
    }

    static Position decode(String cursor) {
      return PageCursor.decode(cursor, CURSOR_VERSION, 2,
          fields -> new Position(PageCursor.fromMicros(fields[0]), Long.parseLong(fields[1])));
    }
  }
}

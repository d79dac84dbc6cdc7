package com.governedactions.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The one place that decides which audit rows a query means and in which order: the WHERE and
 * ORDER BY behind both the search ({@link AuditSearchRepository}) and the CSV export
 * ({@link AuditCsvExporter}). The search binds the filter's values as parameters; the export runs
 * through COPY, which takes none, so there they are written as literals by {@link SqlLiteral}.
 * Which of the two is a {@link Values} decision only: the conditions are the same text either way.
 */
final class AuditFilterSql {
  /** The table under the alias {@code e}: qualified names keep ORDER BY off same-named output columns. */
  static final String FROM = "FROM governed.audit_event e";
  static final String ORDER = "ORDER BY e.occurred_at DESC, e.id DESC";
  private static final String CURSOR_VERSION = "a1";

  private AuditFilterSql() {}

  /** How a filter value enters the statement; {@code name} is unique per statement. */
  interface Values {
    String text(String name, String value);

    String timestamp(String name, Instant value);

    String bigint(String name, long value);
  }

  /** Values as named bind parameters, added to {@code params}. */
  static Values bound(MapSqlParameterSource params) {
    return new Values() {
      @Override
      public String text(String name, String value) {
        params.addValue(name, value);
        return ":" + name;
      }

      @Override
      public String timestamp(String name, Instant value) {
        params.addValue(name, value.atOffset(ZoneOffset.UTC));
        return ":" + name;
      }

      @Override
      public String bigint(String name, long value) {
        params.addValue(name, value);
        return ":" + name;
      }
    };
  }

  /** Values as escaped literals, for statements that take no parameters (COPY). */
  static final Values LITERALS =
      new Values() {
        @Override
        public String text(String name, String value) {
          return SqlLiteral.text(value);
        }

        @Override
        public String timestamp(String name, Instant value) {
          return SqlLiteral.timestamptz(value);
        }

        @Override
        public String bigint(String name, long value) {
          return Long.toString(value);
        }
      };

  /**
   * {@code FROM ... WHERE ... ORDER BY ...} for {@code query} (no WHERE when nothing filters), newest
   * first. Throws {@link IllegalArgumentException} with {@link PageCursor#INVALID} for a cursor that
   * does not read back, and from {@link SqlLiteral} for a value no literal can hold.
   */
  static String rowsInOrder(AuditQuery query, Values values) {
    List<String> conditions = new ArrayList<>();
    equal(conditions, values, "status", "status", query.status() == null ? null : query.status().name());
    equal(conditions, values, "event_type", "event", query.event() == null ? null : query.event().name());
    equal(conditions, values, "conversation_id", "conversationId", query.conversationId());
    equal(conditions, values, "action_type", "actionType", query.actionType());
    equal(conditions, values, "requester", "actor", query.actor());
    equal(conditions, values, "customer_id", "customerId", query.customerId());
    if (query.from() != null) {
      conditions.add("e.occurred_at >= " + values.timestamp("from", query.from()));
    }
    if (query.to() != null) {
      conditions.add("e.occurred_at < " + values.timestamp("to", query.to()));
    }
    if (query.cursor() != null) {
      Position after = Position.decode(query.cursor());
      conditions.add("(e.occurred_at, e.id) < (" + values.timestamp("afterOccurredAt", after.occurredAt()) + ", "
          + values.bigint("afterId", after.id()) + ")");
    }
    return FROM + "\n"
        + (conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + "\n")
        + ORDER;
  }

  private static void equal(List<String> conditions, Values values, String column, String name, String value) {
    if (value != null) {
      conditions.add("e." + column + " = " + values.text(name, value));
    }
  }

  /** The last row of a page. PostgreSQL keeps microseconds, so the cursor keeps them exactly. */
  record Position(Instant occurredAt, long id) {
    String encode() {
      return PageCursor.encode(CURSOR_VERSION, PageCursor.micros(occurredAt), id);
    }

    static Position decode(String cursor) {
      return PageCursor.decode(cursor, CURSOR_VERSION, 2,
          fields -> new Position(PageCursor.fromMicros(fields[0]), Long.parseLong(fields[1])));
    }
  }
}

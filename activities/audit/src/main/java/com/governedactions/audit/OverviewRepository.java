package com.governedactions.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-only counts behind the console's overview, from the action rows and the audit trail: each a
 * range scan on an existing index (actions by creation time, events by occurrence time, the
 * pending-approval partial index), so a day costs what a day's rows cost.
 */
@Repository
public class OverviewRepository {
  private final JdbcClient jdbc;

  OverviewRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Over {@code [from, to)}; {@code now} decides which pending approvals are overdue. */
  public Overview overview(Instant from, Instant to, Instant now) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    Map<String, Long> byStatus = new LinkedHashMap<>();
    jdbc.sql("""
            SELECT status, count(*) AS n FROM governed.action
            WHERE created_at >= :from AND created_at < :to
            GROUP BY status ORDER BY n DESC, status
            """)
        .param("from", from.atOffset(ZoneOffset.UTC)).param("to", to.atOffset(ZoneOffset.UTC))
        .query(rs -> {
          byStatus.put(rs.getString("status"), rs.getLong("n"));
        });
    long breaches = jdbc.sql("""
            SELECT count(*) FROM governed.audit_event
            WHERE event_type = 'APPROVAL_TIMED_OUT' AND occurred_at >= :from AND occurred_at < :to
            """)
        .param("from", from.atOffset(ZoneOffset.UTC)).param("to", to.atOffset(ZoneOffset.UTC))
        .query(Long.class).single();
    long overdue = jdbc.sql("""
            SELECT count(*) FROM governed.action
            WHERE status = 'AWAITING_APPROVAL' AND approval_deadline <= :now
            """)
        .param("now", now.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    List<Overview.Decider> deciders = jdbc.sql("""
            SELECT decided_by,
                   count(*) FILTER (WHERE event_type = 'APPROVED') AS approved,
                   count(*) FILTER (WHERE event_type = 'REJECTED') AS rejected
            FROM governed.audit_event
            WHERE event_type IN ('APPROVED', 'REJECTED') AND occurred_at >= :from AND occurred_at < :to
            GROUP BY decided_by ORDER BY approved DESC, rejected DESC, decided_by
            """)
        .param("from", from.atOffset(ZoneOffset.UTC)).param("to", to.atOffset(ZoneOffset.UTC))
        .query((rs, row) -> new Overview.Decider(rs.getString("decided_by"), rs.getLong("approved"),
            rs.getLong("rejected"))).list();
    return jdbc.sql("""
            WITH decision AS (
              SELECT action_id, max(occurred_at) AS decided_at FROM governed.audit_event
              WHERE event_type IN ('APPROVED', 'REJECTED') AND occurred_at >= :from AND occurred_at < :to
              GROUP BY action_id)
            SELECT count(*) AS decided,
                   percentile_cont(0.5) WITHIN GROUP (
                     ORDER BY extract(epoch FROM d.decided_at - a.created_at)) AS median
            FROM decision d JOIN governed.action a ON a.action_id = d.action_id
            """)
        .param("from", from.atOffset(ZoneOffset.UTC)).param("to", to.atOffset(ZoneOffset.UTC))
        .query((rs, row) -> new Overview(from, to, Collections.unmodifiableMap(byStatus), breaches, overdue, deciders,
            rs.getLong("decided"), (Double) rs.getObject("median"))).single();
  }
}

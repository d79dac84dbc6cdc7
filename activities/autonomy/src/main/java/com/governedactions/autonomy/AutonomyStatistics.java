package com.governedactions.autonomy;

import com.governedactions.audit.alert.AlertProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The evidence per path, in one query over the audit trail: the actions created in [from, to)
 * (the same population {@code POST /policy/simulate} replays), each folded to its outcome from its
 * audit events (reversals and compensations are counted whenever they happened), then grouped by
 * actor, type, amount band and currency. The band is computed in SQL from the active policy's cuts.
 */
@Component
class AutonomyStatistics {
  private static final String EVENTS =
      "'APPROVAL_REQUESTED', 'APPROVED', 'REJECTED', 'APPROVAL_TIMED_OUT', 'AUTO_FIRED', 'REVERSED', 'COMPENSATED'";

  private final JdbcClient jdbc;
  private final Duration minReview;

  AutonomyStatistics(JdbcClient jdbc, AlertProperties alerts) {
    this.jdbc = jdbc;
    this.minReview = alerts.rubberStamp().minReview();
  }

  /** @param actionType one type, or null for all */
  List<PathStats> paths(AmountBands bands, String actionType, Instant from, Instant to) {
    Map<String, Object> params = new LinkedHashMap<>();
    String band = bands.sql("a.type", "a.amount", params);
    String sql =
        """
        WITH flagged AS (
          SELECT DISTINCT unnest(action_ids) AS action_id FROM governed.alert
          WHERE kind IN ('FAST_APPROVAL', 'APPROVES_EVERYTHING') AND raised_at >= :from
        ), actions AS (
          SELECT a.action_id, a.actor_type, a.actor_id, a.type, a.currency, %1$s AS band,
              min(e.occurred_at) FILTER (WHERE e.event_type = 'APPROVAL_REQUESTED') AS asked_at,
              min(e.occurred_at) FILTER (WHERE e.event_type = 'APPROVED') AS first_approved_at,
              max(e.occurred_at) FILTER (WHERE e.event_type IN ('APPROVED', 'REJECTED', 'APPROVAL_TIMED_OUT')) AS decided_at,
              coalesce(bool_or(e.event_type = 'APPROVED'), false) AS approved,
              coalesce(bool_or(e.event_type = 'REJECTED'), false) AS rejected,
              coalesce(bool_or(e.event_type = 'APPROVAL_TIMED_OUT'), false) AS expired,
              coalesce(bool_or(e.event_type = 'AUTO_FIRED'), false) AS auto_fired,
              coalesce(bool_or(e.event_type = 'REVERSED'), false) AS reversed,
              coalesce(bool_or(e.event_type = 'COMPENSATED'), false) AS compensated
          FROM governed.action a
          LEFT JOIN governed.audit_event e ON e.action_id = a.action_id AND e.event_type IN (%2$s)
          WHERE a.created_at >= :from AND a.created_at < :to AND a.actor_id IS NOT NULL %3$s
          GROUP BY a.action_id, a.actor_type, a.actor_id, a.type, a.currency, a.amount
        ), outcomes AS (
          SELECT *,
              CASE WHEN rejected THEN 'rejected' WHEN expired THEN 'expired' WHEN approved THEN 'approved' END AS outcome
          FROM actions
        )
        SELECT o.actor_type, o.actor_id, o.type, o.currency, o.band,
            count(*) FILTER (WHERE outcome IS NOT NULL) AS decided,
            count(*) FILTER (WHERE outcome = 'approved') AS n_approved,
            count(*) FILTER (WHERE outcome = 'rejected') AS n_rejected,
            count(*) FILTER (WHERE outcome = 'expired') AS n_expired,
            count(*) FILTER (WHERE outcome = 'approved' AND reversed) AS n_reversed,
            count(*) FILTER (WHERE outcome = 'approved' AND compensated) AS n_compensated,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - asked_at))
                FILTER (WHERE outcome IS NOT NULL AND asked_at IS NOT NULL) AS median_seconds,
            count(*) FILTER (WHERE outcome = 'approved' AND (
                first_approved_at - asked_at < :minReview * interval '1 millisecond'
                OR o.action_id IN (SELECT action_id FROM flagged))) AS n_rubber_stamped,
            count(*) FILTER (WHERE auto_fired AND asked_at IS NULL) AS n_auto,
            count(*) FILTER (WHERE auto_fired AND asked_at IS NULL AND (reversed OR compensated)) AS n_auto_bad
        FROM outcomes o
        GROUP BY o.actor_type, o.actor_id, o.type, o.currency, o.band
        ORDER BY o.type, o.band, o.currency, o.actor_type, o.actor_id
        """
            .formatted(band, EVENTS, actionType == null ? "" : "AND a.type = :actionType");
    JdbcClient.StatementSpec statement = jdbc.sql(sql)
        .param("from", from.atOffset(ZoneOffset.UTC))
        .param("to", to.atOffset(ZoneOffset.UTC))
        .param("minReview", minReview.toMillis());
    if (actionType != null) {
      statement = statement.param("actionType", actionType);
    }
    for (Map.Entry<String, Object> p : params.entrySet()) {
      statement = statement.param(p.getKey(), p.getValue());
    }
    return statement.query((rs, row) -> stats(rs, bands)).list();
  }

  private static PathStats stats(ResultSet rs, AmountBands bands) throws SQLException {
    String type = rs.getString("type");
    AmountBands.Band band = bands.band(type, rs.getInt("band"));
    long decided = rs.getLong("decided");
    long approved = rs.getLong("n_approved");
    long reversed = rs.getLong("n_reversed");
    long compensated = rs.getLong("n_compensated");
    long auto = rs.getLong("n_auto");
    long autoBad = rs.getLong("n_auto_bad");
    Object median = rs.getObject("median_seconds");
    String currency = rs.getString("currency");
    return new PathStats(
        rs.getString("actor_type"), rs.getString("actor_id"), type, band.label(), band.index(), band.lower(),
        band.upper(), currency == null ? null : currency.trim(),
        decided, approved, rs.getLong("n_rejected"), rs.getLong("n_expired"),
        Bounds.wilsonLower(approved, decided),
        reversed, Bounds.rareUpper(reversed, approved),
        compensated, Bounds.rareUpper(compensated, approved),
        median == null ? null : ((Number) median).doubleValue(),
        rs.getLong("n_rubber_stamped"),
        auto, autoBad, Bounds.wilsonLower(autoBad, auto));
  }
}

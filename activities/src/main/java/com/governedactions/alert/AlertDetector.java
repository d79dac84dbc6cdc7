package com.governedactions.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds unusual activity in the audit store. Pure reads; what it returns is stored by
 * {@link AlertStore}.
 *
 * <p>Windowed findings slide: every event is the end of a window, so a burst across a period
 * boundary is never missed. The fingerprint names the period (window-sized, aligned to the epoch)
 * of the first event that crossed the threshold, so one burst raises one alert however often this
 * runs, and activity that goes on raises at most one more per period.
 */
@Component
class AlertDetector {
  /** Linked actions kept per alert; the count in its details says how many there were. */
  static final int MAX_LINKED = 100;

  private final JdbcClient jdbc;
  private final AlertProperties properties;

  AlertDetector(JdbcClient jdbc, AlertProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  List<Finding> detect(Instant now) {
    List<Finding> findings = new ArrayList<>();
    findings.addAll(unusualRate("actor", "actor_id", now));
    findings.addAll(unusualRate("customer", "customer_id", now));
    findings.addAll(fastApprovals(now));
    findings.addAll(approvesEverything(now));
    findings.addAll(repeatedDenials(now));
    findings.addAll(splitRefunds(now));
    return findings;
  }

  // The column names below come from this class, never from input; durations are inlined as whole
  // seconds because a window frame's offset cannot be a bind parameter everywhere.

  List<Finding> unusualRate(String subjectKind, String column, Instant now) {
    AlertProperties.Rate rate = properties.rate();
    long window = seconds(rate.window());
    long baseline = seconds(rate.baseline());
    String sql =
        """
        WITH recent AS (
          SELECT action_id, %1$s AS subject, type, created_at,
              count(*) OVER w AS n, array_agg(action_id) OVER w AS ids
          FROM governed.action
          WHERE %1$s IS NOT NULL AND created_at > :scanFrom AND created_at <= :now
          WINDOW w AS (PARTITION BY %1$s, type ORDER BY created_at
              RANGE BETWEEN interval '%2$d seconds' PRECEDING AND CURRENT ROW)
        ), judged AS (
          SELECT r.*, b.usual, floor(extract(epoch FROM r.created_at) / %2$d)::bigint AS period
          FROM recent r
          CROSS JOIN LATERAL (
            SELECT count(*)::numeric * %2$d / %3$d AS usual
            FROM governed.action a
            WHERE a.%1$s = r.subject AND a.type = r.type
              AND a.created_at > r.created_at - interval '%4$d seconds'
              AND a.created_at <= r.created_at - interval '%2$d seconds') b
          WHERE r.n >= :minCount AND r.created_at > :triggerFrom
            AND r.n >= :factor * greatest(b.usual, 1)
        )
        SELECT DISTINCT ON (subject, type, period) subject, type, created_at, n, ids, usual, period
        FROM judged
        ORDER BY subject, type, period, created_at
        """
            .formatted(column, window, baseline, window + baseline);
    return jdbc.sql(sql)
        .param("scanFrom", utc(now.minus(rate.window().multipliedBy(2)).minus(properties.lookback())))
        .param("triggerFrom", utc(now.minus(rate.window()).minus(properties.lookback())))
        .param("now", utc(now))
        .param("minCount", rate.minCount())
        .param("factor", rate.factor())
        .query((rs, row) -> {
          String subject = subjectKind + ":" + rs.getString("subject");
          String type = rs.getString("type");
          long n = rs.getLong("n");
          BigDecimal usual = rs.getBigDecimal("usual").setScale(1, RoundingMode.HALF_UP);
          List<String> ids = ids(rs);
          return new Finding(
              AlertKind.UNUSUAL_RATE,
              fingerprint(AlertKind.UNUSUAL_RATE, subject, type, rs.getLong("period")),
              subject,
              type,
              null,
              subjectKind.equals("customer") ? rs.getString("subject") : null,
              "%s requested %s %d times within %s; usually %s per %s over the %s before"
                  .formatted(subject, type, n, rate.window(), usual.toPlainString(), rate.window(), rate.baseline()),
              details("count", n, "usualPerWindow", usual, "window", rate.window().toString(),
                  "baseline", rate.baseline().toString(), "factor", rate.factor(), "endedAt", instant(rs, "created_at").toString()),
              ids);
        })
        .list();
  }

  List<Finding> fastApprovals(Instant now) {
    Duration minReview = properties.rubberStamp().minReview();
    String sql =
        """
        SELECT a.action_id, a.action_type, a.decided_by, a.occurred_at, r.occurred_at AS requested_at,
            a.conversation_id, a.customer_id
        FROM governed.audit_event a
        CROSS JOIN LATERAL (
          SELECT occurred_at FROM governed.audit_event r
          WHERE r.action_id = a.action_id AND r.seq < a.seq AND r.event_type = 'APPROVAL_REQUESTED'
          ORDER BY r.seq DESC LIMIT 1) r
        WHERE a.event_type = 'APPROVED' AND a.occurred_at > :from AND a.occurred_at <= :now
          AND a.occurred_at - r.occurred_at < :minReview * interval '1 millisecond'
        ORDER BY a.occurred_at
        """;
    return jdbc.sql(sql)
        .param("from", utc(now.minus(properties.lookback())))
        .param("now", utc(now))
        .param("minReview", minReview.toMillis())
        .query((rs, row) -> {
          String actionId = rs.getString("action_id");
          String approver = rs.getString("decided_by");
          Duration took = Duration.between(instant(rs, "requested_at"), instant(rs, "occurred_at"));
          return new Finding(
              AlertKind.FAST_APPROVAL,
              fingerprint(AlertKind.FAST_APPROVAL, "approver:" + approver, actionId),
              "approver:" + approver,
              rs.getString("action_type"),
              rs.getString("conversation_id"),
              rs.getString("customer_id"),
              "%s approved %s %s after approval was asked for (less than %s)"
                  .formatted(approver, actionId, took, minReview),
              details("took", took.toString(), "minReview", minReview.toString()),
              List.of(actionId));
        })
        .list();
  }

  List<Finding> approvesEverything(Instant now) {
    AlertProperties.RubberStamp stamp = properties.rubberStamp();
    long window = seconds(stamp.window());
    String sql =
        """
        WITH decisions AS (
          SELECT decided_by, occurred_at,
              count(*) FILTER (WHERE event_type = 'APPROVED') OVER w AS approved,
              count(*) FILTER (WHERE event_type = 'REJECTED') OVER w AS rejected,
              array_agg(action_id) FILTER (WHERE event_type = 'APPROVED') OVER w AS ids
          FROM governed.audit_event
          WHERE event_type IN ('APPROVED', 'REJECTED') AND decided_by IS NOT NULL
            AND occurred_at > :scanFrom AND occurred_at <= :now
          WINDOW w AS (PARTITION BY decided_by ORDER BY occurred_at
              RANGE BETWEEN interval '%1$d seconds' PRECEDING AND CURRENT ROW)
        )
        SELECT DISTINCT ON (decided_by, period) decided_by, occurred_at, approved, ids, period
        FROM (SELECT *, floor(extract(epoch FROM occurred_at) / %1$d)::bigint AS period FROM decisions) d
        WHERE approved >= :approvals AND rejected = 0 AND occurred_at > :triggerFrom
        ORDER BY decided_by, period, occurred_at
        """
            .formatted(window);
    return jdbc.sql(sql)
        .param("scanFrom", utc(now.minus(stamp.window().multipliedBy(2)).minus(properties.lookback())))
        .param("triggerFrom", utc(now.minus(stamp.window()).minus(properties.lookback())))
        .param("now", utc(now))
        .param("approvals", stamp.approvals())
        .query((rs, row) -> {
          String subject = "approver:" + rs.getString("decided_by");
          long approved = rs.getLong("approved");
          return new Finding(
              AlertKind.APPROVES_EVERYTHING,
              fingerprint(AlertKind.APPROVES_EVERYTHING, subject, rs.getLong("period")),
              subject,
              null,
              null,
              null,
              "%s approved %d actions and rejected none within %s"
                  .formatted(rs.getString("decided_by"), approved, stamp.window()),
              details("approved", approved, "rejected", 0, "window", stamp.window().toString(),
                  "endedAt", instant(rs, "occurred_at").toString()),
              ids(rs));
        })
        .list();
  }

  List<Finding> repeatedDenials(Instant now) {
    AlertProperties.Denials denials = properties.denials();
    long window = seconds(denials.window());
    String sql =
        """
        WITH denied AS (
          SELECT conversation_id, occurred_at, count(*) OVER w AS n, array_agg(action_id) OVER w AS ids,
              array_agg(type_or_blank) OVER w AS types
          FROM (SELECT *, coalesce(action_type, '') AS type_or_blank FROM governed.audit_event
                WHERE event_type = 'DENIED' AND conversation_id IS NOT NULL
                  AND occurred_at > :scanFrom AND occurred_at <= :now) e
          WINDOW w AS (PARTITION BY conversation_id ORDER BY occurred_at
              RANGE BETWEEN interval '%1$d seconds' PRECEDING AND CURRENT ROW)
        )
        SELECT DISTINCT ON (conversation_id, period) conversation_id, occurred_at, n, ids, types, period
        FROM (SELECT *, floor(extract(epoch FROM occurred_at) / %1$d)::bigint AS period FROM denied) d
        WHERE n >= :count AND occurred_at > :triggerFrom
        ORDER BY conversation_id, period, occurred_at
        """
            .formatted(window);
    return jdbc.sql(sql)
        .param("scanFrom", utc(now.minus(denials.window().multipliedBy(2)).minus(properties.lookback())))
        .param("triggerFrom", utc(now.minus(denials.window()).minus(properties.lookback())))
        .param("now", utc(now))
        .param("count", denials.count())
        .query((rs, row) -> {
          String conversation = rs.getString("conversation_id");
          String subject = "conversation:" + conversation;
          long n = rs.getLong("n");
          List<String> types =
              Arrays.stream((String[]) rs.getArray("types").getArray()).distinct().filter(t -> !t.isEmpty()).toList();
          return new Finding(
              AlertKind.REPEATED_DENIALS,
              fingerprint(AlertKind.REPEATED_DENIALS, subject, rs.getLong("period")),
              subject,
              types.size() == 1 ? types.get(0) : null,
              conversation,
              null,
              "conversation %s had %d denied requests within %s (%s): possible prompt injection"
                  .formatted(conversation, n, denials.window(), String.join(", ", types)),
              details("denied", n, "window", denials.window().toString(), "actionTypes", types,
                  "endedAt", instant(rs, "occurred_at").toString()),
              ids(rs));
        })
        .list();
  }

  List<Finding> splitRefunds(Instant now) {
    AlertProperties.SplitRefunds split = properties.splitRefunds();
    long window = seconds(split.window());
    String sql =
        """
        WITH refunds AS (
          SELECT customer_id, currency, created_at, count(*) OVER w AS n, sum(amount) OVER w AS total,
              max(amount) OVER w AS largest, array_agg(action_id) OVER w AS ids
          FROM governed.action
          WHERE type = 'refund' AND customer_id IS NOT NULL AND amount IS NOT NULL AND currency IS NOT NULL
            AND amount <= :threshold AND created_at > :scanFrom AND created_at <= :now
          WINDOW w AS (PARTITION BY customer_id, currency ORDER BY created_at
              RANGE BETWEEN interval '%1$d seconds' PRECEDING AND CURRENT ROW)
        )
        SELECT DISTINCT ON (customer_id, currency, period) customer_id, currency, created_at, n, total,
            largest, ids, period
        FROM (SELECT *, floor(extract(epoch FROM created_at) / %1$d)::bigint AS period FROM refunds) r
        WHERE n >= :minCount AND total > :threshold AND created_at > :triggerFrom
        ORDER BY customer_id, currency, period, created_at
        """
            .formatted(window);
    return jdbc.sql(sql)
        .param("scanFrom", utc(now.minus(split.window().multipliedBy(2)).minus(properties.lookback())))
        .param("triggerFrom", utc(now.minus(split.window()).minus(properties.lookback())))
        .param("now", utc(now))
        .param("threshold", split.threshold())
        .param("minCount", split.minCount())
        .query((rs, row) -> {
          String customer = rs.getString("customer_id");
          String currency = rs.getString("currency").trim();
          String subject = "customer:" + customer;
          BigDecimal total = plain(rs.getBigDecimal("total"));
          long n = rs.getLong("n");
          return new Finding(
              AlertKind.SPLIT_REFUNDS,
              fingerprint(AlertKind.SPLIT_REFUNDS, subject, currency, rs.getLong("period")),
              subject,
              "refund",
              null,
              customer,
              "customer %s got %d refunds of at most %s %s each, %s %s in total, within %s: over the threshold if asked at once"
                  .formatted(customer, n, split.threshold().toPlainString(), currency, total.toPlainString(), currency,
                      split.window()),
              details("count", n, "total", total.toPlainString(), "largest", plain(rs.getBigDecimal("largest")).toPlainString(),
                  "currency", currency, "threshold", split.threshold().toPlainString(), "window", split.window().toString(),
                  "endedAt", instant(rs, "created_at").toString()),
              ids(rs));
        })
        .list();
  }

  private static String fingerprint(AlertKind kind, Object... parts) {
    StringBuilder fingerprint = new StringBuilder(kind.name());
    for (Object part : parts) {
      fingerprint.append('|').append(part);
    }
    return fingerprint.toString();
  }

  private static List<String> ids(ResultSet rs) throws SQLException {
    List<String> ids = Arrays.asList((String[]) rs.getArray("ids").getArray());
    return ids.size() <= MAX_LINKED ? ids : ids.subList(ids.size() - MAX_LINKED, ids.size());
  }

  /** Alternating names and values, in order. */
  private static Map<String, Object> details(Object... pairs) {
    Map<String, Object> details = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      details.put((String) pairs[i], pairs[i + 1]);
    }
    return details;
  }

  private static BigDecimal plain(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    return stripped.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : stripped;
  }

  private static long seconds(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("alert windows must be positive, was " + duration);
    }
    return Math.max(1, duration.toSeconds());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

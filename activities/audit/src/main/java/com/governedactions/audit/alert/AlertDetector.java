package com.governedactions.audit.alert;

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
  /** Linked actions kept per alert (the first of its window); its details say how many there were. */
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
          SELECT %1$s AS subject, type, created_at, count(*) OVER w AS n
          FROM governed.action
          WHERE %1$s IS NOT NULL AND created_at > :scanFrom AND created_at <= :now
          WINDOW w AS (PARTITION BY %1$s, type ORDER BY created_at
              RANGE BETWEEN interval '%2$d seconds' PRECEDING AND CURRENT ROW)
        ), candidates AS MATERIALIZED (
          SELECT * FROM recent WHERE n >= :minCount AND created_at > :triggerFrom
        ), usual AS MATERIALIZED (
          -- the baseline is the period before this scan, counted once per subject and type
          SELECT p.subject, p.type,
              (SELECT count(*) FROM governed.action a
               WHERE a.%1$s = p.subject AND a.type = p.type
                 AND a.created_at > :baselineFrom AND a.created_at <= :scanFrom)::numeric * %2$d / %3$d AS usual
          FROM (SELECT DISTINCT subject, type FROM candidates) p
        ), triggers AS (
          SELECT DISTINCT ON (c.subject, c.type, period) c.subject, c.type, c.created_at, c.n, u.usual, period
          FROM (SELECT *, floor(extract(epoch FROM created_at) / %2$d)::bigint AS period FROM candidates) c
          JOIN usual u ON u.subject = c.subject AND u.type = c.type
          WHERE c.n >= :factor * greatest(u.usual, 1)
          ORDER BY c.subject, c.type, period, c.created_at
        )
        SELECT t.*, ARRAY(
            SELECT action_id FROM governed.action a
            WHERE a.%1$s = t.subject AND a.type = t.type
              AND a.created_at > t.created_at - interval '%2$d seconds' AND a.created_at <= t.created_at
            ORDER BY a.created_at, a.action_id LIMIT %4$d) AS ids
        FROM triggers t
        """
            .formatted(column, window, baseline, MAX_LINKED);
    return jdbc.sql(sql)
        .param("baselineFrom", utc(now.minus(rate.window().multipliedBy(2)).minus(properties.lookback()).minus(rate.baseline())))
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
              sum(CASE WHEN event_type = 'APPROVED' THEN 1 ELSE 0 END) OVER w AS approved,
              sum(CASE WHEN event_type = 'REJECTED' THEN 1 ELSE 0 END) OVER w AS rejected
          FROM governed.audit_event
          WHERE event_type IN ('APPROVED', 'REJECTED') AND decided_by IS NOT NULL
            AND occurred_at > :scanFrom AND occurred_at <= :now
          WINDOW w AS (PARTITION BY decided_by ORDER BY occurred_at
              RANGE BETWEEN interval '%1$d seconds' PRECEDING AND CURRENT ROW)
        ), triggers AS (
          SELECT DISTINCT ON (decided_by, period) decided_by, occurred_at, approved, period
          FROM (SELECT *, floor(extract(epoch FROM occurred_at) / %1$d)::bigint AS period FROM decisions) d
          WHERE approved >= :approvals AND rejected = 0 AND occurred_at > :triggerFrom
          ORDER BY decided_by, period, occurred_at
        )
        SELECT t.*, ARRAY(
            SELECT action_id FROM governed.audit_event e
            WHERE e.event_type IN ('APPROVED', 'REJECTED') AND e.decided_by = t.decided_by
              AND e.occurred_at > t.occurred_at - interval '%1$d seconds' AND e.occurred_at <= t.occurred_at
            ORDER BY e.occurred_at, e.id LIMIT %2$d) AS ids
        FROM triggers t
        """
            .formatted(window, MAX_LINKED);
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
          SELECT conversation_id, occurred_at, count(*) OVER w AS n
          FROM governed.audit_event
          WHERE event_type = 'DENIED' AND conversation_id IS NOT NULL
            AND occurred_at > :scanFrom AND occurred_at <= :now
          WINDOW w AS (PARTITION BY conversation_id ORDER BY occurred_at
              RANGE BETWEEN interval '%1$d seconds' PRECEDING AND CURRENT ROW)
        ), triggers AS (
          SELECT DISTINCT ON (conversation_id, period) conversation_id, occurred_at, n, period
          FROM (SELECT *, floor(extract(epoch FROM occurred_at) / %1$d)::bigint AS period FROM denied) d
          WHERE n >= :count AND occurred_at > :triggerFrom
          ORDER BY conversation_id, period, occurred_at
        )
        SELECT t.*, l.ids, l.types
        FROM triggers t
        CROSS JOIN LATERAL (
          SELECT array_agg(action_id ORDER BY occurred_at, id) AS ids,
              array_agg(coalesce(action_type, '') ORDER BY occurred_at, id) AS types
          FROM (SELECT action_id, action_type, occurred_at, id FROM governed.audit_event e
                WHERE e.event_type = 'DENIED' AND e.conversation_id = t.conversation_id
                  AND e.occurred_at > t.occurred_at - interval '%1$d seconds' AND e.occurred_at <= t.occurred_at
                ORDER BY e.occurred_at, e.id LIMIT %2$d) w) l
        """
            .formatted(window, MAX_LINKED);
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
          SELECT customer_id, currency, created_at, count(*) OVER w AS n, sum(amount) OVER w AS total
          FROM governed.action
          WHERE type = 'refund' AND customer_id IS NOT NULL AND amount IS NOT NULL AND currency IS NOT NULL
            AND amount <= :threshold AND created_at > :scanFrom AND created_at <= :now
          WINDOW w AS (PARTITION BY customer_id, currency ORDER BY created_at
              RANGE BETWEEN interval '%1$d seconds' PRECEDING AND CURRENT ROW)
        ), triggers AS (
          SELECT DISTINCT ON (customer_id, currency, period) customer_id, currency, created_at, n, total, period
          FROM (SELECT *, floor(extract(epoch FROM created_at) / %1$d)::bigint AS period FROM refunds) r
          WHERE n >= :minCount AND total > :threshold AND created_at > :triggerFrom
          ORDER BY customer_id, currency, period, created_at
        )
        SELECT t.*, ARRAY(
            SELECT action_id FROM governed.action a
            WHERE a.customer_id = t.customer_id AND a.type = 'refund' AND a.currency = t.currency
              AND a.amount <= :threshold
              AND a.created_at > t.created_at - interval '%1$d seconds' AND a.created_at <= t.created_at
            ORDER BY a.created_at, a.action_id LIMIT %2$d) AS ids
        FROM triggers t
        """
            .formatted(window, MAX_LINKED);
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
              details("count", n, "total", total.toPlainString(), "currency", currency, "threshold", split.threshold().toPlainString(), "window", split.window().toString(),
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
    return Arrays.asList((String[]) rs.getArray("ids").getArray());
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

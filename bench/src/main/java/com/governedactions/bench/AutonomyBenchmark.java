package com.governedactions.bench;

import com.governedactions.autonomy.AutonomyBenchAccess;
import com.governedactions.autonomy.PathStats;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyDocument;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The earned-autonomy statistics (GET /api/v1/autonomy's one query) over a seeded audit trail of
 * {@code -Devents} events (default 1,000,000: 200,000 actions of 5 events each, over 30 days, 50
 * actors, four action types across every amount band), against a baseline in the same run: a plain
 * {@code count(*)} join of the same actions and events. Seeded once per database; later runs reuse
 * the rows.
 */
public final class AutonomyBenchmark {
  private static final Instant FROM = Instant.parse("2025-06-01T00:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofDays(30));
  private static final String PREFIX = "bench-autonomy-";
  private static final int RUNS = 5;

  private AutonomyBenchmark() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(System.getProperty("db", "jdbc:postgresql://localhost:5432/bench_autonomy"));
    dataSource.setUser("postgres");
    Flyway.configure().dataSource(dataSource).schemas("governed").locations("classpath:db/migration")
        .ignoreMigrationPatterns("*:missing").outOfOrder(true).load().migrate();
    int events = Integer.getInteger("events", 1_000_000);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    try (Connection connection = dataSource.getConnection()) {
      // One connection: the seed turns the append-only triggers off for its own session only.
      seed(new JdbcTemplate(new SingleConnectionDataSource(connection, true)), events / 5);
    }

    PolicyDocument policy;
    try (InputStream in = ActionCatalog.class.getClassLoader().getResourceAsStream("policy/default-policy.yaml")) {
      policy = new PolicyCompiler(new ActionCatalog()).parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    long rows = jdbc.queryForObject("SELECT count(*) FROM governed.audit_event WHERE action_id LIKE ?", Long.class, PREFIX + "%");
    List<Long> baseline = new ArrayList<>();
    List<Long> statistics = new ArrayList<>();
    List<PathStats> paths = List.of();
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      jdbc.queryForObject(
          "SELECT count(*) FROM governed.action a JOIN governed.audit_event e ON e.action_id = a.action_id"
              + " WHERE a.created_at >= ? AND a.created_at < ?", Long.class,
          FROM.atOffset(ZoneOffset.UTC), TO.atOffset(ZoneOffset.UTC));
      baseline.add((System.nanoTime() - start) / 1_000_000);
      start = System.nanoTime();
      paths = AutonomyBenchAccess.paths(dataSource, policy, FROM, TO);
      statistics.add((System.nanoTime() - start) / 1_000_000);
    }
    long decided = paths.stream().mapToLong(PathStats::decided).sum();
    System.out.printf("audit events seeded: %,d; paths: %d; decided approvals: %,d%n", rows, paths.size(), decided);
    System.out.printf("baseline count(*) join, ms per run: %s (median %d)%n", baseline, median(baseline));
    System.out.printf("autonomy statistics, ms per run: %s (median %d)%n", statistics, median(statistics));
    System.out.printf("ratio statistics / baseline (medians): %.2f%n", (double) median(statistics) / median(baseline));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * {@code actions} actions with five events each, straight into the tables (the audit writer would
   * take minutes): REQUESTED, then an approval asked and answered (approved 99 in 100, else
   * rejected), execution, success; every 10th is auto-fired instead; one in 1,000 reversed.
   */
  private static void seed(JdbcTemplate jdbc, int actions) {
    // Counted by events: a seed cut off between its two inserts starts over.
    Long present = jdbc.queryForObject("SELECT count(*) FROM governed.audit_event WHERE action_id LIKE ?", Long.class, PREFIX + "%");
    if (present != null && present >= actions * 5L) {
      return;
    }
    jdbc.update("DELETE FROM governed.action WHERE action_id LIKE ?", PREFIX + "%");
    long start = System.nanoTime();
    jdbc.update(
        """
        INSERT INTO governed.action (action_id, request_id, type, status, actor_type, actor_id, customer_id,
            amount, currency, request_hash, last_seq, created_at, updated_at)
        SELECT ? || i, ? || i, (ARRAY['refund', 'apply_discount', 'cancel_order', 'update_address'])[1 + i %% 4],
            'SUCCEEDED', 'ai', 'bot-' || (i %% 50), 'cust-' || (i %% 5000),
            (i %% 700) + 0.5, 'USD', 'h', 5,
            ?::timestamptz + (i * interval '1 second') * (2592000.0 / %1$d),
            ?::timestamptz + (i * interval '1 second') * (2592000.0 / %1$d)
        FROM generate_series(1, %1$d) AS i
        """.formatted(actions),
        PREFIX, PREFIX, FROM.toString(), FROM.toString());
    jdbc.execute("SET session_replication_role = replica");
    jdbc.update(
        """
        INSERT INTO governed.audit_event (action_id, seq, occurred_at, event_type, action_type, status, requester, decided_by,
            prev_hash, hash)
        SELECT a.action_id, s.seq, a.created_at + s.seq * interval '7 minutes',
            CASE
              WHEN s.seq = 1 THEN 'REQUESTED'
              WHEN right(a.action_id, 1) = '0' THEN (ARRAY['', 'AUTO_FIRED', 'EXECUTION_STARTED', 'STEP_SUCCEEDED', 'SUCCEEDED'])[s.seq]
              WHEN s.seq = 2 THEN 'APPROVAL_REQUESTED'
              WHEN s.seq = 3 THEN CASE WHEN right(a.action_id, 2) = '13' THEN 'REJECTED' ELSE 'APPROVED' END
              WHEN s.seq = 4 THEN 'EXECUTION_STARTED'
              ELSE CASE WHEN right(a.action_id, 3) = '777' THEN 'REVERSED' ELSE 'SUCCEEDED' END
            END,
            a.type, 'SUCCEEDED', a.actor_id, CASE WHEN s.seq = 3 THEN 'sup-' || (length(a.action_id) % 7) ELSE 'auto' END,
            -- The statistics read no hash; these rows only fill the columns (verify would refuse them).
            sha256(convert_to(a.action_id || (s.seq - 1), 'UTF8')), sha256(convert_to(a.action_id || s.seq, 'UTF8'))
        FROM governed.action a CROSS JOIN generate_series(1, 5) AS s(seq)
        WHERE a.action_id LIKE ?
        """, PREFIX + "%");
    jdbc.execute("SET session_replication_role = DEFAULT");
    jdbc.execute("ANALYZE governed.action");
    jdbc.execute("ANALYZE governed.audit_event");
    System.out.printf("seeded %,d actions in %d s%n", actions, (System.nanoTime() - start) / 1_000_000_000);
  }
}

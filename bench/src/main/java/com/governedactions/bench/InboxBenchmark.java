package com.governedactions.bench;

import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.audit.DeadlineQuery;
import com.governedactions.audit.PendingApproval;
import com.governedactions.audit.QueuedApproval;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console inbox's first page with PENDING actions waiting (issue 13: ≤ 100 ms server time at
 * 10,000), read the way the console reads it ({@link ApprovalQueueRepository#byDeadline}, the
 * query behind {@code Inbox.rows}), unfiltered and with each filter, beside two baselines in the
 * same run: a plain {@code count(*)} over the same pending rows, and the old inbox's database part
 * (the first 200 of the REST queue oldest first, their claims, sorted by deadline in memory; the
 * old inbox then also read each row's audit trail and queried its workflow, not measured here, so
 * that baseline is a lower bound of the old path).
 *
 * <p>Seeds a fresh database with bulk SQL: PENDING pending actions (4 types, amounts 5–995, deadlines
 * spread from 2 h ago to 4 h ahead so about a third are breached, 6 in 10 at the supervisor tier,
 * the rest at the manager tier, 1 in 20 claimed by alice) and DECIDED decided ones, then ANALYZE.
 */
public final class InboxBenchmark {
  private final String url = System.getProperty("bench.db.url", "jdbc:postgresql://localhost:5432/bench_inbox");
  private final int pending = Integer.getInteger("bench.pending", 10_000);
  private final int decided = Integer.getInteger("bench.decided", 90_000);
  private final int runs = Integer.getInteger("bench.runs", 200);
  private final int warmup = Integer.getInteger("bench.warmup", 50);
  private final Path out = Path.of(System.getProperty("bench.out", "bench/target/inbox-results.md"));
  private final StringBuilder report = new StringBuilder();

  public static void main(String[] args) throws Exception {
    new InboxBenchmark().run();
  }

  private void run() throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(2);
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      Flyway.configure().dataSource(dataSource).schemas("governed").locations("classpath:db/migration")
          .load().migrate();
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      long seedStart = System.nanoTime();
      seed(jdbc);
      double seedMs = (System.nanoTime() - seedStart) / 1e6;
      JdbcClient client = JdbcClient.create(dataSource);
      ApprovalQueueRepository queue = new ApprovalQueueRepository(client);
      ApprovalClaimRepository claims = new ApprovalClaimRepository(client);
      List<String> supervisor = List.of("SUPERVISOR");
      List<String> manager = List.of("MANAGER");

      line("# Inbox first page benchmark, %s", ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
      line("");
      line("Database `%s`: %,d pending and %,d decided actions seeded in %.0f ms; %d processors, %s RAM; "
              + "%d runs each after %d warm-up runs, one at a time.",
          url.substring(url.lastIndexOf('/') + 1), count(jdbc, "status = 'AWAITING_APPROVAL'"),
          count(jdbc, "status <> 'AWAITING_APPROVAL'"), seedMs, Runtime.getRuntime().availableProcessors(),
          memTotal(), runs, warmup);
      line("");
      line("| measure | rows | median ms | p95 ms | max ms |");
      line("|---|---:|---:|---:|---:|");
      double countMedian = measure("baseline: `count(*)` of the supervisor's pending rows", () -> jdbc.queryForObject(
          "SELECT count(*) FROM governed.action WHERE status = 'AWAITING_APPROVAL'"
              + " AND (approval_roles IS NULL OR approval_roles && '{SUPERVISOR}')", Long.class).intValue());
      double oldMedian = measure("baseline: old inbox's database part (first 200 oldest, claims, sort)",
          () -> oldInbox(queue, claims, supervisor).size());
      double inbox = measure("inbox first page, SUPERVISOR", () -> queue.byDeadline(DeadlineQuery.of(supervisor, 200)).size());
      measure("inbox first page, MANAGER", () -> queue.byDeadline(DeadlineQuery.of(manager, 200)).size());
      measure("inbox, SUPERVISOR, type refund, amount 50–500", () -> queue.byDeadline(new DeadlineQuery(supervisor,
          "refund", new BigDecimal("50"), new BigDecimal("500"), false, null, 200)).size());
      measure("inbox, SUPERVISOR, breached only", () -> queue.byDeadline(new DeadlineQuery(supervisor, null, null,
          null, true, null, 200)).size());
      double mine = measure("inbox, SUPERVISOR, claimed by me (alice)", () -> queue.byDeadline(new DeadlineQuery(
          supervisor, null, null, null, false, "alice", 200)).size());
      line("");
      line("Ratios (medians): inbox first page / `count(*)` = %.2f; inbox first page / old database part = %.2f; "
          + "claimed by me / `count(*)` = %.2f.", inbox / countMedian, inbox / oldMedian, mine / countMedian);
      line("");
      List<String> soonest = queue.byDeadline(DeadlineQuery.of(supervisor, 200)).stream()
          .map(row -> row.item().actionId()).toList();
      Set<String> oldPage = new HashSet<>(oldInbox(queue, claims, supervisor));
      long overlap = soonest.stream().filter(oldPage::contains).count();
      line("Correctness: of the 200 soonest deadlines the new page shows, the old page (200 oldest, then sorted)"
          + " held %d; the new page is ordered by deadline: %s.", overlap, ordered(queue, supervisor));
      line("Target (issue 13): inbox first page at %,d pending ≤ 100 ms server time: %s (median %.2f ms).",
          pending, inbox <= 100 ? "met" : "NOT met", inbox);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report);
    }
  }

  /** What the old inbox read from PostgreSQL: the REST queue's first page, its claims, sorted by deadline. */
  private static List<String> oldInbox(ApprovalQueueRepository queue, ApprovalClaimRepository claims, List<String> roles) {
    List<PendingApproval> items = queue.pending(roles, ApprovalQueueRepository.MAX_LIMIT, null).items();
    claims.held(items.stream().map(PendingApproval::actionId).toList());
    return items.stream()
        .sorted(Comparator.comparing(PendingApproval::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PendingApproval::createdAt))
        .map(PendingApproval::actionId).toList();
  }

  private static boolean ordered(ApprovalQueueRepository queue, List<String> roles) {
    List<Instant> deadlines = queue.byDeadline(DeadlineQuery.of(roles, 200)).stream()
        .map(QueuedApproval::item).map(PendingApproval::deadline).toList();
    for (int i = 1; i < deadlines.size(); i++) {
      if (deadlines.get(i).isBefore(deadlines.get(i - 1))) {
        return false;
      }
    }
    return true;
  }

  private double measure(String name, Supplier<Integer> call) {
    int rows = 0;
    for (int i = 0; i < warmup; i++) {
      rows = call.get();
    }
    List<Double> millis = new ArrayList<>(runs);
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      rows = call.get();
      millis.add((System.nanoTime() - start) / 1e6);
    }
    millis.sort(Comparator.naturalOrder());
    double median = millis.get(millis.size() / 2);
    double p95 = millis.get((int) Math.ceil(millis.size() * 0.95) - 1);
    line("| %s | %,d | %.2f | %.2f | %.2f |", name, rows, median, p95, millis.get(millis.size() - 1));
    return median;
  }

  private void seed(JdbcTemplate jdbc) {
    jdbc.update("TRUNCATE governed.action, governed.approval_claim");
    jdbc.update("""
        INSERT INTO governed.action (action_id, request_id, type, status, actor_type, actor_id, customer_id,
            conversation_id, channel, amount, currency, request_hash, last_seq, created_at, updated_at, order_id,
            request, approval_tier, approval_tiers, approval_roles, approval_required, approved_by,
            approval_deadline, rules, approval_asked_at)
        SELECT 'bench-pending-' || i, 'req-' || i, t.type, 'AWAITING_APPROVAL', CASE WHEN i % 3 = 0 THEN 'human' ELSE 'ai' END,
            'agent-' || (i % 50), 'C-' || (i % 2000), 'conv-' || i, 'chat', 5 + (i * 37) % 991, 'USD', md5(i::text), 3,
            now() - interval '6 hours' + (i % 3600) * interval '1 second', now(), 'A-' || i,
            jsonb_build_object('type', t.type, 'params', jsonb_build_object('amount', (5 + (i * 37) % 991)::text,
                'reason', CASE WHEN t.type = 'credit' THEN to_jsonb('goodwill ' || i)
                    ELSE jsonb_build_object('redacted', 'free-text', 'length', 12, 'sha256', md5(i::text)) END)),
            CASE WHEN i % 10 < 6 THEN 1 ELSE 2 END, 2,
            CASE WHEN i % 10 < 6 THEN ARRAY['SUPERVISOR'] ELSE ARRAY['MANAGER'] END, 1,
            CASE WHEN i % 10 < 6 THEN ARRAY[]::text[] ELSE ARRAY['bob'] END,
            now() - interval '2 hours' + ((i * 7919) % 21600) * interval '1 second',
            ARRAY[t.type || '-needs-approval'],
            now() - interval '6 hours' + ((i * 7919) % 21600) * interval '1 second'
        FROM generate_series(1, ?) AS i,
            LATERAL (SELECT (ARRAY['refund', 'credit', 'cancel_order', 'apply_discount'])[1 + i % 4] AS type) AS t
        """, pending);
    jdbc.update("""
        INSERT INTO governed.action (action_id, request_id, type, status, actor_type, actor_id, customer_id,
            conversation_id, channel, amount, currency, request_hash, last_seq, created_at, updated_at)
        SELECT 'bench-decided-' || i, 'req-d-' || i, 'refund', (ARRAY['SUCCEEDED', 'REJECTED', 'EXPIRED'])[1 + i % 3],
            'ai', 'agent-' || (i % 50), 'C-' || (i % 2000), 'conv-d-' || i, 'chat', 5 + i % 991, 'USD', md5(i::text), 6,
            now() - interval '30 days' + (i % 2592000) * interval '1 second', now()
        FROM generate_series(1, ?) AS i
        """, decided);
    jdbc.update("""
        INSERT INTO governed.approval_claim (action_id, claimed_by, claimed_at)
        SELECT action_id, CASE WHEN row_number() OVER () % 2 = 0 THEN 'alice' ELSE 'bob' END, now()
        FROM governed.action WHERE status = 'AWAITING_APPROVAL' AND hashtext(action_id) % 10 = 0
        """);
    jdbc.execute("ANALYZE governed.action");
    jdbc.execute("ANALYZE governed.approval_claim");
  }

  private static long count(JdbcTemplate jdbc, String where) {
    return jdbc.queryForObject("SELECT count(*) FROM governed.action WHERE " + where, Long.class);
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
          .findFirst().orElse("unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }
}

package com.governedactions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Customer;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditSearchRepository;
import com.governedactions.audit.StandaloneAudit;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit-search benchmark (BENCHMARKS.md, "Audit search and export"): seeds a separate database
 * to {@code ROWS} events with one generate_series statement per million, then measures
 * <ol>
 *   <li>GET /audit latency per filter: the repository query plus the JSON the controller writes
 *       (no HTTP), first pages of 50 with random values of each filter;
 *   <li>export throughput of {@link AuditCsvExporter} beside {@code psql \copy} of the same query,
 *       and the exporter's peak heap (run this JVM with -Xmx256m);
 *   <li>ingest rate of the audit writer (AuditActivitiesImpl, redaction included): concurrent
 *       actions, each writing its events in three batches as the workflow does.
 * </ol>
 * Configuration by system properties; see bench/run-audit.sh.
 */
public final class AuditBenchmark {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final long SPAN_SECONDS = 365L * 86_400;
  private static final List<String> TYPES = List.of("refund", "cancel_order", "update_address", "apply_discount");
  private static final int ACTORS = 2_000;
  private static final int CUSTOMERS = 200_000;
  private static final int EVENTS_PER_ACTION = 5;
  private static final int ACTIONS_PER_CONVERSATION = 3;

  private final String url = System.getProperty("bench.db.url", "jdbc:postgresql://localhost:5432/bench_audit");
  private final long rows = Long.getLong("bench.rows", 5_000_000L);
  private final int queries = Integer.getInteger("bench.queries", 300);
  private final int ingestActions = Integer.getInteger("bench.ingest.actions", 20_000);
  private final int ingestConcurrency = Integer.getInteger("bench.ingest.concurrency", 64);
  private final int ingestConnections = Integer.getInteger("bench.ingest.connections", 8);
  private final String exportType = System.getProperty("bench.export.type", "refund");
  private final Path out = Path.of(System.getProperty("bench.out", "bench/target"));
  private final List<String> phases = List.of(System.getProperty("bench.phases", "verify,search,export,ingest").split(","));
  private final StringBuilder report = new StringBuilder();

  public static void main(String[] args) throws Exception {
    new AuditBenchmark().run();
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(Math.max(ingestConnections, 4));
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      Flyway.configure().dataSource(dataSource).schemas("governed").locations("classpath:db/migration")
          .load().migrate();
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      seed(dataSource, jdbc);
      long total = jdbc.queryForObject("SELECT count(*) FROM governed.audit_event", Long.class);
      line("# Audit search and export benchmark, %s", ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
      line("");
      line("Database `%s` (%s): %,d audit events; JVM max heap %d MB; %d processors; load average at start %.2f.",
          url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*$", ""), url, total, Runtime.getRuntime().maxMemory() >> 20,
          Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      line("");
      AuditSearchRepository repository = new AuditSearchRepository(dataSource);
      if (phases.contains("verify")) {
        verify(dataSource);
      }
      if (phases.contains("search")) {
        searchLatency(repository);
      }
      if (phases.contains("export")) {
        export(dataSource);
      }
      if (phases.contains("ingest")) {
        ingest(dataSource);
      }
      Files.writeString(out.resolve("audit-results.md"), report);
    }
  }

  // ------------------------------------------------------------------ seeding

  /**
   * Tops the table up to {@code rows} events; a re-run with enough rows seeds nothing. PostgreSQL
   * generates the rows, {@link ChainedSeed} hashes them into per-action chains as the writer would
   * and copies them in with their chain heads: the append-only table cannot be filled first and
   * hashed after.
   */
  private void seed(javax.sql.DataSource dataSource, JdbcTemplate jdbc) throws Exception {
    long have = jdbc.queryForObject("SELECT count(*) FROM governed.audit_event WHERE action_id LIKE 'seed-%'", Long.class);
    long chunk = 1_000_000; // a multiple of EVENTS_PER_ACTION, so no action spans two chunks
    for (long from = have; from < rows; from += chunk) {
      long to = Math.min(rows, from + chunk);
      long started = System.nanoTime();
      // n is the event number: action n/5, seq n%5+1; one action every ~31 s over a year, spread
      // over 2,000 actors, 200,000 customers and conversations of 3 actions each
      long copied = ChainedSeed.copy(dataSource,
          """
          SELECT nextval(pg_get_serial_sequence('governed.audit_event', 'id')) AS id,
              'seed-' || (n / 5) AS action_id, (n % 5)::int + 1 AS seq, t AS occurred_at, t AS recorded_at,
              (ARRAY['REQUESTED','AUTO_FIRED','DENIED','ESCALATED','CONFIRMATION_REQUESTED','CONFIRMED',
                     'CANCELLED','CONFIRMATION_TIMED_OUT','APPROVAL_REQUESTED','APPROVED','REJECTED',
                     'APPROVAL_TIMED_OUT','INPUT_REFUSED','EXECUTION_STARTED','STEP_SUCCEEDED','STEP_FAILED',
                     'COMPENSATED','COMPENSATION_FAILED','SUCCEEDED','FAILED'])[1 + (n * 7919) % 20] AS event_type,
              (ARRAY['refund','cancel_order','update_address','apply_discount'])[1 + ((n / 5) * 131) % 4] AS action_type,
              (ARRAY['EVALUATING','AWAITING_CONFIRMATION','AWAITING_APPROVAL','EXECUTING','SUCCEEDED',
                     'FAILED','DENIED','REJECTED','CANCELLED','EXPIRED','ESCALATED','REVERSED'])[1 + (n * 104729) % 12]
                  AS status,
              'actor-' || ((n / 5) * 31) % ? AS requester, CASE WHEN n % 5 = 3 THEN 'alice' ELSE 'auto' END AS decided_by,
              'conv-' || (n / 5 / ?) AS conversation_id, 'C-' || ((n / 5) * 17) % ? AS customer_id,
              jsonb_build_object('orderId', 'A-' || (n / 5), 'amount', '89.50', 'currency', 'USD',
                  'reason', jsonb_build_object('redacted', 'free-text', 'length', 24, 'sha256', md5(n::text)))::text
                  AS params,
              CASE WHEN n % 5 = 4 THEN 201 END AS connector_status,
              CASE WHEN n % 5 = 4 THEN 'created refund R-' || n END AS connector_summary,
              (n % 997)::bigint AS duration_ms, 7::bigint AS policy_version, ARRAY['refund-medium'] AS rule_ids,
              'allowed by [refund-medium]' AS detail, NULL::text AS note, NULL::text AS consent, NULL::bytea AS prev_hash
          FROM generate_series(?::bigint, ?::bigint - 1) AS n,
               LATERAL (SELECT ?::timestamptz + (n * ?::double precision) * interval '1 second' AS t) AS at
          """,
          ACTORS, ACTIONS_PER_CONVERSATION, CUSTOMERS, from, to, java.sql.Timestamp.from(START),
          (double) SPAN_SECONDS / rows);
      System.out.printf(Locale.ROOT, "seeded events %,d..%,d (%,d rows, chained) in %.1f s%n", from, to, copied,
          (System.nanoTime() - started) / 1e9);
    }
    if (have < rows) {
      jdbc.execute("VACUUM ANALYZE governed.audit_event");
      jdbc.execute("VACUUM ANALYZE governed.audit_chain_head");
    }
  }

  /** {@code GET /api/v1/audit/verify} over the whole seeded trail: the seed must verify. */
  private void verify(javax.sql.DataSource dataSource) {
    long started = System.nanoTime();
    com.governedactions.audit.AuditVerification result = StandaloneAudit.verifier(dataSource).verify();
    double seconds = (System.nanoTime() - started) / 1e9;
    line("## Verify: GET /api/v1/audit/verify (AuditVerifier) over the whole trail");
    line("");
    line("%s in %.1f s (%,.0f events/s).", result, seconds, result.checked() / seconds);
    line("");
    if (!result.ok()) {
      throw new IllegalStateException("the seeded audit trail does not verify: " + result);
    }
  }

  // ------------------------------------------------------------------ search latency

  private void searchLatency(AuditSearchRepository repository) {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    SplittableRandom random = new SplittableRandom(42);
    long actions = rows / EVENTS_PER_ACTION;
    Map<String, Function<SplittableRandom, AuditQuery>> filters = new java.util.LinkedHashMap<>();
    filters.put("status", r -> q(ActionStatus.values()[r.nextInt(12)], null, null, null, null, null, null, null));
    filters.put("event", r -> q(null, AuditEventType.values()[r.nextInt(20)], null, null, null, null, null, null));
    filters.put("from + to (1 day)", r -> {
      Instant from = START.plusSeconds(r.nextLong(SPAN_SECONDS - 86_400));
      return q(null, null, from, from.plusSeconds(86_400), null, null, null, null);
    });
    filters.put("conversationId", r -> q(null, null, null, null,
        "conv-" + r.nextLong(actions / ACTIONS_PER_CONVERSATION), null, null, null));
    filters.put("actionType", r -> q(null, null, null, null, null, TYPES.get(r.nextInt(4)), null, null));
    filters.put("actor", r -> q(null, null, null, null, null, null, "actor-" + r.nextInt(ACTORS), null));
    filters.put("customerId", r -> q(null, null, null, null, null, null, null, "C-" + r.nextInt(CUSTOMERS)));
    filters.put("none (newest first)", r -> q(null, null, null, null, null, null, null, null));
    filters.put("combined: actionType + status + 7 days", r -> {
      Instant from = START.plusSeconds(r.nextLong(SPAN_SECONDS - 7 * 86_400));
      return q(ActionStatus.values()[r.nextInt(12)], null, from, from.plusSeconds(7 * 86_400), null,
          TYPES.get(r.nextInt(4)), null, null);
    });
    filters.put("combined: actor + event + 30 days", r -> {
      Instant from = START.plusSeconds(r.nextLong(SPAN_SECONDS - 30 * 86_400));
      return q(null, AuditEventType.values()[r.nextInt(20)], from, from.plusSeconds(30 * 86_400), null, null,
          "actor-" + r.nextInt(ACTORS), null);
    });

    line("## GET /audit: first page of 50, %d queries per filter after %d warm-up", queries, queries / 5);
    line("");
    line("| filter | p50 ms | p99 ms | max ms | mean rows | 2nd page p99 ms |");
    line("|---|---:|---:|---:|---:|---:|");
    filters.forEach((name, filter) -> {
      for (int i = 0; i < queries / 5; i++) {
        repository.search(filter.apply(random));
      }
      double[] first = new double[queries];
      double[] second = new double[queries];
      long rowsSeen = 0;
      int secondPages = 0;
      for (int i = 0; i < queries; i++) {
        AuditQuery query = filter.apply(random);
        long started = System.nanoTime();
        AuditPage page = repository.search(query);
        serialize(json, page);
        first[i] = (System.nanoTime() - started) / 1e6;
        rowsSeen += page.items().size();
        if (page.nextCursor() != null) {
          started = System.nanoTime();
          serialize(json, repository.search(query.page(50, page.nextCursor())));
          second[secondPages++] = (System.nanoTime() - started) / 1e6;
        }
      }
      Arrays.sort(first);
      double[] seconds = Arrays.copyOf(second, secondPages);
      Arrays.sort(seconds);
      line("| %s | %.1f | %.1f | %.1f | %.0f | %s |", name, pct(first, 50), pct(first, 99), first[first.length - 1],
          (double) rowsSeen / queries, secondPages == 0 ? "–" : String.format(Locale.ROOT, "%.1f", pct(seconds, 99)));
    });
    line("");
  }

  private static AuditQuery q(ActionStatus status, AuditEventType event, Instant from, Instant to,
      String conversationId, String actionType, String actor, String customerId) {
    return new AuditQuery(status, event, from, to, conversationId, actionType, actor, customerId, 50, null);
  }

  private static void serialize(ObjectMapper json, AuditPage page) {
    try {
      json.writeValueAsBytes(page);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ export

  private void export(javax.sql.DataSource dataSource) throws Exception {
    AuditQuery query = new AuditQuery(null, null, null, null, null, exportType, null, null, 0, null);
    String sql = "SELECT id, occurred_at, recorded_at, action_id, seq, event_type, action_type, status, requester,"
        + " decided_by, conversation_id, customer_id, params, connector_status, connector_summary, duration_ms,"
        + " policy_version, rule_ids, detail, note FROM governed.audit_event WHERE action_type = '" + exportType
        + "' ORDER BY occurred_at DESC, id DESC";
    Path psqlFile = out.resolve("audit-export-psql.csv");
    Path ourFile = out.resolve("audit-export.csv");

    psqlCopy(sql, psqlFile); // warm-up: both measured runs then read from the same warm cache

    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    AtomicLong sampledMax = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Runtime rt = Runtime.getRuntime();
        sampledMax.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long started = System.nanoTime();
    long exported;
    try (OutputStream file = Files.newOutputStream(ourFile)) {
      exported = new AuditCsvExporter(dataSource).prepare(query).writeTo(file);
    }
    double ourSeconds = (System.nanoTime() - started) / 1e9;
    sampler.interrupt();
    long peakPools = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();

    started = System.nanoTime();
    psqlCopy(sql, psqlFile);
    double psqlSeconds = (System.nanoTime() - started) / 1e9;

    double ours = exported / ourSeconds;
    double theirs = exported / psqlSeconds;
    line("## Export: action_type = '%s', %,d rows, newest first", exportType, exported);
    line("");
    line("| exporter | seconds | rows/s | MB written | MB/s |");
    line("|---|---:|---:|---:|---:|");
    line("| GET /audit/export.csv (AuditCsvExporter, to a file) | %.1f | %,.0f | %.0f | %.1f |", ourSeconds, ours,
        Files.size(ourFile) / 1e6, Files.size(ourFile) / 1e6 / ourSeconds);
    line("| psql \\copy (same SELECT, CSV) | %.1f | %,.0f | %.0f | %.1f |", psqlSeconds, theirs,
        Files.size(psqlFile) / 1e6, Files.size(psqlFile) / 1e6 / psqlSeconds);
    line("");
    line("Ratio exporter / psql: **%.2f** (target ≥ 0.5). Exporter peak heap: sum of heap pool peaks %.0f MiB, "
        + "sampled max used %.0f MiB, with -Xmx%dm (target ≤ 256 MB).", ours / theirs, peakPools / 1048576.0,
        sampledMax.get() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
    line("");
    Files.deleteIfExists(ourFile);
    Files.deleteIfExists(psqlFile);
  }

  private void psqlCopy(String sql, Path file) throws IOException, InterruptedException {
    String database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*$", "");
    String hostPort = url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
    String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
    String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
    Process psql = new ProcessBuilder("psql", "-X", "-q", "-h", host, "-p", port, "-U", "postgres", "-d", database,
        "-c", "\\copy (" + sql + ") TO '" + file.toAbsolutePath() + "' WITH (FORMAT csv, HEADER)")
        .inheritIO().start();
    if (psql.waitFor() != 0) {
      throw new IllegalStateException("psql \\copy failed with exit code " + psql.exitValue());
    }
  }

  // ------------------------------------------------------------------ ingest

  /**
   * The writer with group commit against one transaction per batch (the same writer with groups of
   * one, as many transactions at once as the pool has connections), same callers and pool, in ABBA
   * order so that a machine getting busier or quieter during the run favours neither.
   */
  private void ingest(javax.sql.DataSource dataSource) throws Exception {
    Map<String, AuditActivities> writers = new java.util.LinkedHashMap<>();
    writers.put("one transaction per batch (max-group 1, " + ingestConnections + " transactions at once)",
        StandaloneAudit.writer(dataSource, ingestConnections, 1));
    // the writer's defaults unless bench.ingest.group-transactions / bench.ingest.max-group say otherwise
    int groupTransactions =
        Integer.getInteger("bench.ingest.group-transactions", StandaloneAudit.defaultWriter().concurrentTransactions());
    int maxGroup = Integer.getInteger("bench.ingest.max-group", StandaloneAudit.defaultWriter().maxGroup());
    writers.put("group commit (" + groupTransactions + " transactions at once, up to " + maxGroup + " batches each)",
        StandaloneAudit.writer(dataSource, groupTransactions, maxGroup));
    List<String> names = List.copyOf(writers.keySet());
    String run = "ingest-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    for (String name : names) { // warm-up with a tenth as many actions each
      writeActions(writers.get(name), run + "w" + names.indexOf(name) + "-", ingestActions / 10);
    }
    Map<String, double[]> totals = new java.util.LinkedHashMap<>(); // seconds, batches, events
    names.forEach(name -> totals.put(name, new double[3]));
    List<String> order = List.of(names.get(0), names.get(1), names.get(1), names.get(0));
    for (int round = 0; round < order.size(); round++) {
      String name = order.get(round);
      long started = System.nanoTime();
      int[] batchesAndEvents = writeActions(writers.get(name), run + "r" + round + "-", ingestActions / 2);
      double[] total = totals.get(name);
      total[0] += (System.nanoTime() - started) / 1e9;
      total[1] += batchesAndEvents[0];
      total[2] += batchesAndEvents[1];
    }
    line("## Ingest: the audit writer (AuditActivitiesImpl: redaction, hash chain, action-row upsert)");
    line("");
    line("%,d actions per writer from %d concurrent threads (pool of %d connections), each writing 8 events in 3 "
        + "batches (2 + 2 + 4) as the workflow does at request, confirmation and execution; before/after "
        + "alternated ABBA, %,d actions per round, after a warm-up of %,d actions each.",
        ingestActions, ingestConcurrency, Math.max(ingestConnections, 4), ingestActions / 2, ingestActions / 10);
    line("");
    line("| writer | seconds | batches/s | events/s |");
    line("|---|---:|---:|---:|");
    totals.forEach((name, t) -> line("| %s | %.1f | %,.0f | %,.0f |", name, t[0], t[1] / t[0], t[2] / t[0]));
    line("");
    double before = totals.get(names.get(0))[2] / totals.get(names.get(0))[0];
    double after = totals.get(names.get(1))[2] / totals.get(names.get(1))[0];
    line("After / before: **%.2f×** (%,.0f vs %,.0f events/s; target ≥ 10,000 events/s).", after / before, after, before);
    line("");
  }

  private int[] writeActions(AuditActivities writer, String prefix, int count) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger events = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(ingestConcurrency);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < ingestConcurrency; t++) {
      running.add(threads.submit(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          for (AuditBatch batch : action(prefix + i, i)) {
            writer.record(batch);
            batches.incrementAndGet();
            events.addAndGet(batch.events().size());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    threads.shutdown();
    return new int[] {batches.get(), events.get()};
  }

  /** One refund's audit trail as the workflow sends it: three batches, eight events. */
  private static List<AuditBatch> action(String requestId, int i) {
    String actionId = "action-" + requestId;
    ActionRequest request = new ActionRequest(requestId, "refund",
        Map.of("orderId", "A-" + i, "amount", "89.50", "currency", "USD",
            "reason", "parcel arrived damaged, photo attached; card 4111 1111 1111 1111 was charged"),
        new Actor(ActorType.AI, "support-bot", List.of()), new Customer("C-" + (i % CUSTOMERS), "vip", "otp"),
        "conv-ingest-" + i, "chat", "chat-backend");
    String hash = CanonicalHash.ofRequest(request);
    Instant at = Instant.now();
    AuditEventType[][] types = {
        {AuditEventType.REQUESTED, AuditEventType.CONFIRMATION_REQUESTED},
        {AuditEventType.CONFIRMED, AuditEventType.APPROVAL_REQUESTED},
        {AuditEventType.APPROVED, AuditEventType.EXECUTION_STARTED, AuditEventType.STEP_SUCCEEDED, AuditEventType.SUCCEEDED}};
    ActionStatus[][] statuses = {
        {ActionStatus.EVALUATING, ActionStatus.AWAITING_CONFIRMATION},
        {ActionStatus.AWAITING_CONFIRMATION, ActionStatus.AWAITING_APPROVAL},
        {ActionStatus.EXECUTING, ActionStatus.EXECUTING, ActionStatus.EXECUTING, ActionStatus.SUCCEEDED}};
    List<AuditBatch> batches = new ArrayList<>();
    int seq = 0;
    for (int b = 0; b < types.length; b++) {
      List<AuditEvent> events = new ArrayList<>();
      for (int e = 0; e < types[b].length; e++) {
        seq++;
        boolean decided = types[b][e] == AuditEventType.APPROVED;
        events.add(new AuditEvent(actionId, seq, at.plusMillis(seq), types[b][e], "refund", statuses[b][e],
            "support-bot", decided ? "alice" : AuditEvent.AUTO, request.conversationId(), request.customer().id(),
            request.params(), types[b][e] == AuditEventType.STEP_SUCCEEDED ? 201 : null,
            types[b][e] == AuditEventType.STEP_SUCCEEDED ? "created refund R-" + i : null, 12L, 7L,
            List.of("refund-medium"), "allowed by [refund-medium]", decided ? "photo shows the damage" : null));
      }
      batches.add(new AuditBatch(actionId, request, hash, at, events));
    }
    return batches;
  }

  // ------------------------------------------------------------------ output

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }
}

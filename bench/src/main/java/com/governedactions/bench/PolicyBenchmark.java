package com.governedactions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import com.governedactions.action.PlannedStep;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActionType;
import com.governedactions.policy.CompiledPolicy;
import com.governedactions.policy.HistoryAggregates;
import com.governedactions.policy.HistoryQuery;
import com.governedactions.policy.HistoryScope;
import com.governedactions.policy.HistorySnapshot;
import com.governedactions.policy.ParamKind;
import com.governedactions.policy.PolicyBenchAccess;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.RefundHistory;
import com.governedactions.policy.RiskTier;
import com.governedactions.policy.RuleEngine;
import com.governedactions.policy.SimulationReport;
import com.governedactions.policy.Tally;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rule evaluation and policy simulation (issue 3), in one run:
 *
 * <ol>
 *   <li>compile time of a 200-rule policy over 20 action types (cold, then warm median);
 *   <li>per-decision latency, median and p99, of the indexed evaluator ({@link RuleEngine}: only
 *       the rules pinned to the request's type, plus unpinned ones) and of the naive loop that
 *       evaluates every rule, on the same requests, alternating in blocks;
 *   <li>{@code POST /policy/simulate}'s work ({@link PolicySimulator}) on 100,000 recorded requests
 *       in a database of its own (created and filled on first use).
 * </ol>
 *
 * <p>Hand-timed with {@code System.nanoTime()} around each decision (about 25 ns of overhead): a
 * per-call distribution is what the targets are stated in. Run by {@code bench/run-policy.sh}.
 */
public final class PolicyBenchmark {
  private static final int TYPES = 20;
  private static final int RULES_PER_TYPE = 10;
  private static final String[] SEGMENTS = {"vip", "regular", "new", ""};
  private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};

  private PolicyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int warmup = Integer.getInteger("warmup", 300_000);
    int measured = Integer.getInteger("decisions", 500_000);
    int rows = Integer.getInteger("rows", 100_000);
    String dbUrl = System.getProperty("db", "jdbc:postgresql://localhost:5432/bench_policy");

    System.out.printf(Locale.ROOT, "JVM %s %s, %d CPUs%n", System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    String parts = System.getProperty("parts", "decisions,simulation");
    if (parts.contains("decisions")) {
      decisions(warmup, measured);
    }
    if (parts.contains("simulation")) {
      simulation(dbUrl, rows);
    }
  }

  // ---------------------------------------------------------------- decisions

  private static void decisions(int warmup, int measured) throws Exception {
    ActionCatalog catalog = PolicyBenchAccess.catalogOf(syntheticTypes());
    String policyYaml = syntheticPolicy();

    long coldStart = System.nanoTime();
    CompiledPolicy policy = new PolicyCompiler(catalog).compile(policyYaml, 1);
    double coldMs = (System.nanoTime() - coldStart) / 1e6;
    double[] warm = new double[10];
    for (int i = 0; i < warm.length; i++) {
      long start = System.nanoTime();
      new PolicyCompiler(catalog).compile(policyYaml, 1);
      warm[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(warm);
    System.out.printf(Locale.ROOT, "compile: %d rules over %d types: first %.1f ms (cold JVM), warm median %.1f ms%n",
        policy.ruleIds().size(), TYPES, coldMs, warm[warm.length / 2]);

    // History is read from memory here: the database query it costs in the service is not rule evaluation.
    HistoryAggregates history = new FixedHistory();
    RuleEngine indexed = new RuleEngine(catalog, history);
    PolicyBenchAccess.NaiveEvaluator naive = PolicyBenchAccess.naive(catalog, history, policy);
    List<ActionRequest> requests = requests(4_096, new Random(42));

    // Both paths must agree before either is timed.
    for (ActionRequest request : requests) {
      Decision a = indexed.decide(policy, "bench", request, Instant.EPOCH);
      Decision b = naive.decide(request);
      if (a.effect() != b.effect() || !a.rules().equals(b.rules())) {
        throw new IllegalStateException("indexed and naive disagree on " + request + ": " + a + " vs " + b);
      }
    }

    long[] indexedNs = new long[measured];
    long[] naiveNs = new long[measured];
    run(indexed, naive, policy, requests, new long[warmup], new long[warmup], warmup);
    run(indexed, naive, policy, requests, indexedNs, naiveNs, measured);
    Arrays.sort(indexedNs);
    Arrays.sort(naiveNs);
    double indexedMedian = indexedNs[measured / 2] / 1000.0;
    double naiveMedian = naiveNs[measured / 2] / 1000.0;
    System.out.printf(Locale.ROOT, "decisions measured: %d each (after %d warm-up each)%n", measured, warmup);
    System.out.printf(Locale.ROOT, "indexed: median %.2f µs, p99 %.2f µs, p99.9 %.2f µs, candidates/decision %.1f%n",
        indexedMedian, indexedNs[(int) (measured * 0.99)] / 1000.0, indexedNs[(int) (measured * 0.999)] / 1000.0,
        PolicyBenchAccess.averageCandidates(policy, requests));
    System.out.printf(Locale.ROOT, "naive:   median %.2f µs, p99 %.2f µs, p99.9 %.2f µs, rules/decision %d%n",
        naiveMedian, naiveNs[(int) (measured * 0.99)] / 1000.0, naiveNs[(int) (measured * 0.999)] / 1000.0,
        naive.ruleCount());
    System.out.printf(Locale.ROOT, "ratio indexed/naive (median): %.3f%n", indexedMedian / naiveMedian);
  }

  /** Alternates blocks of 1,000 so that both paths see the same JIT state and machine noise. */
  private static void run(RuleEngine indexed, PolicyBenchAccess.NaiveEvaluator naive, CompiledPolicy policy,
      List<ActionRequest> requests, long[] indexedNs, long[] naiveNs, int n) {
    int block = 1_000;
    long sink = 0;
    for (int done = 0; done < n; done += block) {
      int end = Math.min(n, done + block);
      for (int i = done; i < end; i++) {
        ActionRequest request = requests.get(i & (requests.size() - 1));
        long start = System.nanoTime();
        Decision decision = indexed.decide(policy, "bench", request, Instant.EPOCH);
        indexedNs[i] = System.nanoTime() - start;
        sink += decision.rules().size();
      }
      for (int i = done; i < end; i++) {
        ActionRequest request = requests.get(i & (requests.size() - 1));
        long start = System.nanoTime();
        Decision decision = naive.decide(request);
        naiveNs[i] = System.nanoTime() - start;
        sink += decision.rules().size();
      }
    }
    if (sink == 42) {
      System.out.println();
    }
  }


  /** The same aggregates for every request, so rules that read history do real CEL work. */
  private static final class FixedHistory implements HistoryAggregates {
    private static final HistorySnapshot SNAPSHOT = new HistorySnapshot(
        Map.of("type_00", new Tally(1, new BigDecimal("20"))),
        Map.of("type_00", new Tally(2, new BigDecimal("60"))),
        Map.of("type_00", new Tally(3, new BigDecimal("90"))),
        Map.of("type_00", new Tally(5, new BigDecimal("150"))),
        new Tally(1, new BigDecimal("40")));

    @Override
    public RefundHistory refundsSince(String customerId, String excludedActionId, Instant since) {
      return new RefundHistory(3, new BigDecimal("90"));
    }

    @Override
    public HistorySnapshot snapshot(HistoryQuery query, Set<HistoryScope> scopes) {
      return SNAPSHOT;
    }
  }

  private static List<ActionType> syntheticTypes() {
    List<ActionType> types = new ArrayList<>();
    for (int t = 0; t < TYPES; t++) {
      types.add(new ActionType(
          type(t), "synthetic type " + t,
          List.of(
              PolicyBenchAccess.required("orderId", ParamKind.TEXT, "order"),
              PolicyBenchAccess.required("amount", ParamKind.DECIMAL, "amount"),
              PolicyBenchAccess.required("currency", ParamKind.CURRENCY, "currency"),
              PolicyBenchAccess.optional("reason", ParamKind.TEXT, "reason")),
          RiskTier.values()[t % 3], "Do " + type(t) + " for {currency} {amount} on {orderId}?",
          List.of(new PlannedStep("synthetic." + type(t), null))));
    }
    return types;
  }

  private static String type(int t) {
    return String.format(Locale.ROOT, "type_%02d", t);
  }

  /**
   * 10 rules per type, each pinned by {@code action.type == "..."}, in the shapes real policies use:
   * amount bands, segment and verification, actor kind and roles, channel, a parameter, and (every
   * fourth type) history.
   */
  static String syntheticPolicy() {
    StringBuilder yaml = new StringBuilder("rules:\n");
    for (int t = 0; t < TYPES; t++) {
      String pin = "action.type == \"" + type(t) + "\"";
      String[] conditions = {
        pin + " && action.amount <= 50.0",
        pin + " && action.amount > 50.0 && action.amount <= 500.0",
        pin + " && action.amount > 500.0",
        pin + " && customer.segment == \"vip\" && action.amount <= 200.0",
        pin + " && customer.verification != \"otp\" && action.amount > 100.0",
        pin + " && actor.type == \"ai\" && action.amount > 300.0",
        pin + " && actor.type == \"human\" && \"SUPERVISOR\" in actor.roles",
        pin + " && channel == \"email\" && action.currency != \"USD\"",
        pin + " && has(action.params.reason) && action.params.reason == \"fraud\"",
        t % 4 == 0
            ? pin + " && history.customer.refunds30d.count >= 3"
            : pin + " && action.currency == \"GBP\" && action.amount > 1000.0",
      };
      String[] effects = {
        "require_confirmation", "require_approval", "deny", "allow", "require_approval",
        "require_approval", "allow", "require_confirmation", "escalate", "escalate",
      };
      for (int r = 0; r < RULES_PER_TYPE; r++) {
        yaml.append("  - id: ").append(type(t)).append("-r").append(r).append('\n')
            .append("    when: '").append(conditions[r]).append("'\n")
            .append("    effect: ").append(effects[r]).append('\n');
        if (effects[r].equals("require_approval")) {
          yaml.append("    approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}]}\n");
        }
        if (effects[r].equals("escalate")) {
          yaml.append("    team: billing\n");
        }
      }
    }
    return yaml.toString();
  }

  private static List<ActionRequest> requests(int n, Random random) {
    List<ActionRequest> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean ai = random.nextInt(3) > 0;
      String amount = (random.nextInt(120_000) + 1) / 100 + "." + String.format(Locale.ROOT, "%02d", random.nextInt(100));
      Map<String, Object> params = random.nextInt(5) == 0
          ? Map.of("orderId", "A-" + i, "amount", amount, "currency", CURRENCIES[random.nextInt(3)], "reason",
              random.nextBoolean() ? "fraud" : "damaged")
          : Map.of("orderId", "A-" + i, "amount", amount, "currency", CURRENCIES[random.nextInt(3)]);
      requests.add(new ActionRequest("req-" + i, type(random.nextInt(TYPES)), params,
          ai ? new Actor(ActorType.AI, "bot", List.of()) : new Actor(ActorType.HUMAN, "alice", List.of("SUPERVISOR")),
          new Customer("C-" + random.nextInt(1000), SEGMENTS[random.nextInt(4)], random.nextBoolean() ? "otp" : "none"),
          "conv-" + i, random.nextBoolean() ? "chat" : "email", "chat-backend"));
    }
    return requests;
  }

  // ---------------------------------------------------------------- simulation

  private static void simulation(String dbUrl, int rows) throws Exception {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(dbUrl);
    dataSource.setUser("postgres");
    Flyway.configure().dataSource(dataSource).schemas("governed").locations("classpath:db/migration")
        .ignoreMigrationPatterns("*:missing").load().migrate();
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = from.plus(Duration.ofDays(30));
    ensureRows(dataSource, rows, from, to);

    ActionCatalog catalog = new ActionCatalog();
    PolicyCompiler compiler = new PolicyCompiler(catalog);
    String defaultPolicy;
    try (InputStream in = PolicyBenchmark.class.getClassLoader().getResourceAsStream("policy/default-policy.yaml")) {
      defaultPolicy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    CompiledPolicy baseline = compiler.compile(defaultPolicy, 1);
    // The draft tightens refunds: a lower cap, and an order-level cap against split refunds.
    CompiledPolicy draft = compiler.compile(defaultPolicy.replace("action.amount > 500.0", "action.amount > 300.0")
        .replace("rules:\n", """
            rules:
              - id: split-refund
                when: action.type == "refund" && history.order.refunds.sum + action.amount > 400.0
                effect: deny
            """), 0);
    PolicySimulator simulator = PolicyBenchAccess.simulator(dataSource, catalog);
    List<Long> times = new ArrayList<>();
    SimulationReport report = null;
    for (int run = 0; run < 4; run++) {
      long start = System.nanoTime();
      report = simulator.simulate(draft, baseline, from, to, 3);
      times.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
    }
    System.out.printf(Locale.ROOT, "simulate: %d requests replayed (%d skipped), %d changed; wall ms per run %s"
        + " (first run includes JIT warm-up)%n", report.replayed(), report.skipped(), report.changed(), times);
    System.out.println("simulate transitions: " + new ObjectMapper().findAndRegisterModules().writeValueAsString(report.transitions()));
  }

  /** Fills governed.action with {@code rows} recorded requests in [from, to) unless already there. */
  private static void ensureRows(PGSimpleDataSource dataSource, int rows, Instant from, Instant to) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM governed.action WHERE request IS NOT NULL")) {
        rs.next();
        if (rs.getLong(1) == rows) {
          return;
        }
      }
      try (Statement st = connection.createStatement()) {
        st.execute("TRUNCATE governed.action");
      }
      ObjectMapper json = new ObjectMapper();
      Random random = new Random(7);
      String[] types = {"refund", "refund", "refund", "cancel_order", "update_address", "apply_discount"};
      String[] statuses = {"SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "DENIED", "REJECTED", "AWAITING_APPROVAL", "CANCELLED"};
      long span = Duration.between(from, to).toMillis();
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO governed.action (action_id, request_id, type, status, actor_type, actor_id, customer_id,"
              + " conversation_id, channel, amount, currency, request_hash, last_seq, created_at, updated_at,"
              + " order_id, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'chat', ?, ?, 'bench', 1, ?, ?, ?, ?::jsonb)")) {
        for (int i = 0; i < rows; i++) {
          String type = types[random.nextInt(types.length)];
          String id = "bench-" + i;
          String order = "O-" + random.nextInt(rows / 3);
          String customer = "C-" + random.nextInt(rows / 20);
          boolean money = type.equals("refund") || type.equals("apply_discount");
          String amount = money ? (random.nextInt(70_000) + 100) / 100 + ".00" : null;
          Map<String, Object> params = switch (type) {
            case "refund" -> Map.of("orderId", order, "amount", amount, "currency", "USD",
                "reason", Map.of("redacted", "free-text", "length", 7, "sha256", "00"));
            case "apply_discount" -> Map.of("orderId", order, "amount", amount, "currency", "USD");
            case "update_address" -> Map.of("orderId", order, "address",
                Map.of("line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US"));
            default -> Map.of("orderId", order);
          };
          boolean ai = random.nextInt(4) > 0;
          ActionRequest request = new ActionRequest("req-" + i, type, params,
              ai ? new Actor(ActorType.AI, "bot-" + random.nextInt(5), List.of())
                  : new Actor(ActorType.HUMAN, "agent-" + random.nextInt(20), List.of("AGENT")),
              new Customer(customer, random.nextBoolean() ? "vip" : "regular", "otp"), "conv-" + i, "chat", "chat-backend");
          OffsetDateTime at = OffsetDateTime.ofInstant(from.plusMillis((long) i * span / rows), ZoneOffset.UTC);
          insert.setString(1, id);
          insert.setString(2, "req-" + i);
          insert.setString(3, type);
          insert.setString(4, statuses[random.nextInt(statuses.length)]);
          insert.setString(5, ai ? "ai" : "human");
          insert.setString(6, request.actor().id());
          insert.setString(7, customer);
          insert.setString(8, "conv-" + i);
          insert.setBigDecimal(9, amount == null ? null : new BigDecimal(amount));
          insert.setString(10, money ? "USD" : null);
          insert.setObject(11, at);
          insert.setObject(12, at);
          insert.setString(13, order);
          insert.setString(14, json.writeValueAsString(request));
          insert.addBatch();
          if (i % 1_000 == 999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
      try (Statement st = connection.createStatement()) {
        st.execute("ANALYZE governed.action");
      }
      System.out.printf(Locale.ROOT, "filled %s with %d recorded requests%n", dataSource.getUrl(), rows);
    }
  }
}

package com.governedactions.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.devserver.TemporalDevServer;
import com.governedactions.worker.WorkerApplication;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * What the crash tests share: how the service and worker JVMs are started against the dev server
 * and the test database, the principals, the requests they send, and the checks of the outcome in
 * the sample store and the audit trail. Each run makes its own orders and customers, so earlier
 * runs and the seeded demo orders never change an outcome.
 */
final class CrashFixtures {
  static final String DB_URL =
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test");
  static final String DB_USER = "postgres";
  static final String CHAT_TOKEN = "crash-chat-token";
  static final String ALICE_TOKEN = "crash-alice-token";
  /** A JVM start on a busy 2-core machine; measured at 8-15 s. */
  static final Duration JVM_START = Duration.ofSeconds(90);

  /** The owner's connection: the sample store's tables and the audit rows, read as they are. */
  static final JdbcTemplate DB = new JdbcTemplate(new SimpleDriverDataSource(new Driver(), DB_URL, DB_USER, ""));

  private CrashFixtures() {}

  // ---------------------------------------------------------------- the JVMs

  /**
   * GovernedActionsApplication against the dev server: API, sample store and, with {@code worker},
   * the worker, on {@code httpPort} (fixed, so a restart answers at the same address).
   */
  static ChildJvm startService(
      String name, TemporalDevServer temporal, int httpPort, boolean worker, Path log, String... moreArgs) {
    List<String> args = new ArrayList<>(commonArgs(temporal));
    args.add("--server.port=" + httpPort);
    args.add("--governed.worker.enabled=" + worker);
    // Not dev mode (a Temporal target is set), so the sample store the workers call is asked for.
    args.add("--governed.sample-store.enabled=true");
    args.addAll(List.of(moreArgs));
    return ChildJvm.start(name, GovernedActionsApplication.class, "512m", log, args);
  }

  /** WorkerApplication against the dev server, calling the sample store at {@code storeBaseUrl}. */
  static ChildJvm startWorker(
      String name, TemporalDevServer temporal, String storeBaseUrl, Duration storeReadTimeout, Path log) {
    List<String> args = new ArrayList<>(commonArgs(temporal));
    args.add("--governed.connectors.sample-store.base-url=" + storeBaseUrl);
    args.add("--governed.connectors.sample-store.read-timeout=" + storeReadTimeout.toMillis() + "ms");
    return ChildJvm.start(name, WorkerApplication.class, "384m", log, args);
  }

  /** What every JVM shares: Temporal, the database, and who the principals are. */
  private static List<String> commonArgs(TemporalDevServer temporal) {
    return List.of(
        "--governed.temporal.target=" + temporal.target(),
        "--spring.datasource.url=" + DB_URL,
        "--spring.datasource.username=" + DB_USER,
        "--spring.datasource.password=",
        // The test database is shared with other branches, which may have applied later migrations.
        "--spring.flyway.ignore-migration-patterns=*:missing",
        "--governed.security.tokens." + CHAT_TOKEN + "=chat-backend",
        "--governed.security.tokens." + ALICE_TOKEN + "=alice",
        "--governed.security.principals.chat-backend.human=false",
        "--governed.security.principals.chat-backend.roles=CHAT_BACKEND",
        "--governed.security.principals.alice.human=true",
        "--governed.security.principals.alice.roles=SUPERVISOR");
  }

  /** kill -9 and the proof that it was one: exit 137, no shutdown hook ran. */
  static void killHard(ChildJvm jvm) {
    assertThat(jvm.kill())
        .as("exit code of %s (pid %d): 137 is death by SIGKILL, without shutdown hooks", jvm.name(), jvm.pid())
        .isEqualTo(ChildJvm.SIGKILL_EXIT);
  }

  // ---------------------------------------------------------------- requests

  /** A refund the support bot asks for, of a standard customer who verified by OTP. */
  static String aiRefund(String requestId, String orderId, String amount, String customer, String conversationId) {
    return """
        {"requestId": "%s", "type": "refund",
         "params": {"orderId": "%s", "amount": "%s", "currency": "USD", "reason": "damaged"},
         "actor": {"type": "ai", "id": "support-bot"},
         "customer": {"id": "%s", "segment": "standard", "verification": "otp"},
         "conversationId": "%s", "channel": "chat"}
        """.formatted(requestId, orderId, amount, customer, conversationId);
  }

  /**
   * A supervisor's own refund from the console. The bundled policy allows one of at most 50 at
   * once (rule refund-small-by-supervisor): no person stands between submission and connector
   * call, as long as the customer has fewer than 3 refunds in 30 days (repeat-refunds escalates).
   */
  static String supervisorRefund(String requestId, String orderId, String amount, String customer) {
    return """
        {"requestId": "%s", "type": "refund",
         "params": {"orderId": "%s", "amount": "%s", "currency": "USD", "reason": "damaged"},
         "actor": {"type": "human"},
         "customer": {"id": "%s"},
         "channel": "console"}
        """.formatted(requestId, orderId, amount, customer);
  }

  static String action(String actionId) {
    return "/api/v1/actions/" + actionId;
  }

  // ---------------------------------------------------------------- the store

  /** A PAID USD order of its own, so no other test or run has refunded from it. */
  static String newOrder(String customer, String paidAmount) {
    return newOrders(List.of(customer), paidAmount).get(0);
  }

  /** One PAID USD order for each customer, in one batch; their ids in the same order. */
  static List<String> newOrders(List<String> customers, String paidAmount) {
    List<String> orderIds = customers.stream().map(c -> "CRASH-" + UUID.randomUUID().toString().substring(0, 13)).toList();
    List<Object[]> rows = IntStream.range(0, customers.size())
        .mapToObj(i -> new Object[] {orderIds.get(i), customers.get(i), new BigDecimal(paidAmount)})
        .toList();
    DB.batchUpdate("""
        INSERT INTO sample_store.orders (order_id, customer_id, status, currency, paid_amount,
                                         address_line1, address_city, address_postal_code, address_country)
        VALUES (?, ?, 'PAID', 'USD', ?, '1 Crash Lane', 'Springfield', '12345', 'US')""", rows);
    return orderIds;
  }

  /** The order's refunds as the store's own API answers them. */
  static JsonNode refunds(ServiceHttp store, String orderId) {
    return store.get("/sample-store/orders/" + orderId, null).expect(200, "reading order " + orderId).body().path("refunds");
  }

  static void assertOneRefund(ServiceHttp store, String orderId, String amount) {
    JsonNode refunds = refunds(store, orderId);
    assertThat(refunds).as("refunds of order %s: %s", orderId, refunds).hasSize(1);
    assertThat(new BigDecimal(refunds.get(0).path("amount").asText())).isEqualByComparingTo(amount);
    assertThat(refunds.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
  }

  /** Order id → its refunds in the store as "amount status" each, in the order they were made. */
  static Map<String, List<String>> refundsByOrder(List<String> orderIds) {
    Map<String, List<String>> refunds = orderIds.stream().collect(Collectors.toMap(id -> id, id -> new ArrayList<>()));
    DB.query("""
        SELECT order_id, amount, status FROM sample_store.refunds
        WHERE order_id = ANY (?) ORDER BY created_at, refund_id""",
        rs -> {
          refunds.get(rs.getString(1)).add(rs.getBigDecimal(2).toPlainString() + " " + rs.getString(3));
        },
        (Object) orderIds.toArray(String[]::new));
    return refunds;
  }

  // ---------------------------------------------------------------- the audit trail

  /** Every event of the action, in sequence order, exactly once and with no gap in the sequence. */
  static void assertAuditWrittenOnce(String actionId, String... expectedTypes) {
    // The final flush is a local activity that may still run when the state already says SUCCEEDED.
    List<String> types =
        Await.until("the audit trail of " + actionId + " to end with SUCCEEDED", Duration.ofSeconds(30),
            () -> DB.queryForList(
                "SELECT event_type FROM governed.audit_event WHERE action_id = ? ORDER BY seq", String.class, actionId),
            written -> written.contains("SUCCEEDED"));
    List<Integer> seqs =
        DB.queryForList("SELECT seq FROM governed.audit_event WHERE action_id = ? ORDER BY seq", Integer.class, actionId);
    assertThat(types).as("audit events of %s", actionId).containsExactly(expectedTypes);
    assertThat(seqs).as("audit sequence of %s", actionId)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, expectedTypes.length).boxed().toList());
    assertThat(DB.queryForObject("SELECT status FROM governed.action WHERE action_id = ?", String.class, actionId))
        .as("list row of %s", actionId)
        .isEqualTo("SUCCEEDED");
  }

  /**
   * Action id → its audit trail as "seq:TYPE,seq:TYPE,...", every row, in sequence order: a
   * duplicated or missing event, or a gap, shows as a different string.
   */
  static Map<String, String> auditTrails(List<String> actionIds) {
    Map<String, String> trails = actionIds.stream().collect(Collectors.toMap(id -> id, id -> ""));
    DB.query("""
        SELECT action_id, string_agg(seq || ':' || event_type, ',' ORDER BY seq, id)
        FROM governed.audit_event WHERE action_id = ANY (?) GROUP BY action_id""",
        rs -> {
          trails.put(rs.getString(1), rs.getString(2));
        },
        (Object) actionIds.toArray(String[]::new));
    return trails;
  }

  /** The trail {@link #auditTrails} shows for {@code types} written once each, seq 1..n. */
  static String trailOf(String... types) {
    return IntStream.range(0, types.length).mapToObj(i -> (i + 1) + ":" + types[i]).collect(Collectors.joining(","));
  }

  /** Action id → its list row's status, for the actions that have one. */
  static Map<String, String> listStatuses(List<String> actionIds) {
    Map<String, String> statuses = new java.util.HashMap<>();
    DB.query("SELECT action_id, status FROM governed.action WHERE action_id = ANY (?)",
        rs -> {
          statuses.put(rs.getString(1), rs.getString(2));
        },
        (Object) actionIds.toArray(String[]::new));
    return statuses;
  }
}

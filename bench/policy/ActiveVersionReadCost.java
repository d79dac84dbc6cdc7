import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.CompiledPolicy;
import com.governedactions.policy.HistoryAggregates;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyVersionStore;
import com.governedactions.policy.RefundHistory;
import com.governedactions.policy.RuleEngine;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What reading the active policy version from PostgreSQL adds to one rule check: the same decision
 * under the bundled policy, once with the policy asked of ActivePolicy (one index-only query, then
 * the compiled policy from the per-version cache) and once with the compiled policy held in memory.
 * Alternating rounds in one run; the first two rounds are warm-up. Run by run-policy-version-read.sh.
 */
public class ActiveVersionReadCost {
  public static void main(String[] args) {
    String url = System.getenv().getOrDefault("BENCH_DB_URL", "jdbc:postgresql://localhost:5432/postgres");
    int n = Integer.parseInt(System.getenv().getOrDefault("N", "20000"));
    int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "6"));
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl(url);
      ds.setUsername("postgres");
      ds.setMaximumPoolSize(2);
      PolicyVersionStore store = new PolicyVersionStore(JdbcClient.create(ds), new DataSourceTransactionManager(ds));
      ActionCatalog catalog = new ActionCatalog();
      ActivePolicy active = ActivePolicy.over(store, new PolicyCompiler(catalog), null);
      CompiledPolicy inMemory = active.current();
      HistoryAggregates none = (customer, action, since) -> RefundHistory.NONE;
      RuleEngine engine = new RuleEngine(catalog, none);
      // No customer id: no history query, so the only difference is the version read.
      ActionRequest request = new ActionRequest("bench", "refund",
          Map.of("orderId", "A-1001", "amount", "20.00", "currency", "USD"),
          new Actor(ActorType.AI, "bench-bot", List.of()), new Customer(null, null, null), "c", "chat", "chat-backend");
      System.out.printf("active version %d, %d decisions per round%n", inMemory.version(), n);
      for (int round = 1; round <= rounds; round++) {
        long[] stored = time(() -> engine.decide(active.current(), "a", request, Instant.now()), n);
        long[] held = time(() -> engine.decide(inMemory, "a", request, Instant.now()), n);
        System.out.printf("round %d%s  stored: median %.1f us, p99 %.1f us | in memory: median %.1f us, p99 %.1f us%n",
            round, round <= 2 ? " (warm-up)" : "", stored[0] / 1e3, stored[1] / 1e3, held[0] / 1e3, held[1] / 1e3);
      }
    }
  }

  private static long[] time(Supplier<?> decision, int n) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      decision.get();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return new long[] {nanos[n / 2], nanos[(int) (n * 0.99)]};
  }
}

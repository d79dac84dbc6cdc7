package com.governedactions.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Back-tests a draft policy: streams the recorded requests of a time range in creation order and
 * decides each under the baseline and under the draft, with compiled programs and history rebuilt
 * in memory ({@link ReplayHistory}), so a replay costs one sequential read however many requests
 * it covers. Comparing with the baseline replayed the same way (rather than with the decisions as
 * recorded) shows what the draft changes, not what the history approximation or earlier policy
 * versions would.
 */
@Component
public class PolicySimulator {
  static final String HISTORY_NOTE =
      "history.* is rebuilt from the recorded actions as of each request's time, reaching back 30 days before"
          + " 'from'; each past action counts with its current status (its final one when done), not the status"
          + " it had at that moment; refunds against an order older than that reach are not seen";
  static final String NO_RULE = "(no rule)";
  private static final int FETCH_SIZE = 2_000;

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final JdbcTemplate jdbc;
  private final TransactionTemplate readOnly;
  private final ActionCatalog catalog;
  private final String table;

  @Autowired
  PolicySimulator(DataSource dataSource, ActionCatalog catalog) {
    this(dataSource, catalog, JdbcHistoryAggregates.ACTION_TABLE);
  }

  PolicySimulator(DataSource dataSource, ActionCatalog catalog, String table) {
    this.jdbc = new JdbcTemplate(dataSource);
    // PostgreSQL streams a result set only inside a transaction with a fetch size.
    this.jdbc.setFetchSize(FETCH_SIZE);
    this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.readOnly.setReadOnly(true);
    this.catalog = catalog;
    this.table = table;
  }

  /**
   * @param from first creation time replayed (inclusive)
   * @param to end of the range (exclusive)
   * @param examples how many action ids to list per change
   */
  public SimulationReport simulate(CompiledPolicy draft, CompiledPolicy baseline, Instant from, Instant to, int examples) {
    long started = System.nanoTime();
    Replay replay = new Replay(draft, baseline, examples);
    String sql =
        "SELECT action_id, type, status, actor_type, actor_id, customer_id, order_id, amount, currency,"
            + " created_at, request::text AS request FROM " + table
            + " WHERE created_at >= ? AND created_at < ? ORDER BY created_at, action_id";
    readOnly.executeWithoutResult(
        tx ->
            jdbc.query(
                sql,
                rs -> {
                  replay.next(rs, from);
                },
                OffsetDateTime.ofInstant(from.minus(HistoryAggregates.MONTH), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(to, ZoneOffset.UTC)));
    return replay.report(from, to, Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private final class Replay {
    private final CompiledPolicy draft;
    private final CompiledPolicy baseline;
    private final int examples;
    private final ReplayHistory history = new ReplayHistory();
    private final RuleEngine engine;
    private final List<CompiledPolicy> policies;
    private final Map<String, Effect> draftEffects;
    private final Map<String, Effect> baselineEffects;
    private final Map<String, Change> total = new LinkedHashMap<>();
    private final Map<String, Map<String, Change>> byRule = new TreeMap<>();
    private long replayed;
    private long skipped;

    Replay(CompiledPolicy draft, CompiledPolicy baseline, int examples) {
      this.draft = draft;
      this.baseline = baseline;
      this.examples = examples;
      this.engine = new RuleEngine(catalog, history);
      this.policies = List.of(baseline, draft);
      this.draftEffects = effects(draft);
      this.baselineEffects = effects(baseline);
    }

    void next(ResultSet rs, Instant from) throws SQLException {
      Instant at = rs.getTimestamp("created_at").toInstant();
      String actionId = rs.getString("action_id");
      String type = rs.getString("type");
      BigDecimal amount = rs.getBigDecimal("amount");
      if (!at.isBefore(from)) {
        String json = rs.getString("request");
        if (json == null) {
          skipped++;
        } else {
          decide(actionId, readRequest(json), at, amount, rs.getString("currency"));
        }
      }
      history.add(at, type, rs.getString("status"), rs.getString("customer_id"), rs.getString("actor_type"),
          rs.getString("actor_id"), rs.getString("order_id"), amount);
    }

    private void decide(String actionId, ActionRequest request, Instant at, BigDecimal amount, String currency) {
      replayed++;
      List<Decision> decisions = engine.decideEach(policies, actionId, request, at);
      Decision before = decisions.get(0);
      Decision after = decisions.get(1);
      if (before.effect() == after.effect()) {
        return;
      }
      String key = before.effect().json() + "->" + after.effect().json();
      total.computeIfAbsent(key, k -> new Change(before.effect(), after.effect())).add(actionId, amount, currency);
      Set<String> rules = new LinkedHashSet<>();
      rules.addAll(deciding(before, baselineEffects));
      rules.addAll(deciding(after, draftEffects));
      for (String rule : rules) {
        byRule.computeIfAbsent(rule, r -> new LinkedHashMap<>())
            .computeIfAbsent(key, k -> new Change(before.effect(), after.effect()))
            .add(actionId, amount, currency);
      }
    }

    private List<String> deciding(Decision decision, Map<String, Effect> effects) {
      List<String> rules = decision.rules().stream().filter(r -> effects.get(r) == decision.effect()).toList();
      return rules.isEmpty() ? List.of(NO_RULE) : rules;
    }

    SimulationReport report(Instant from, Instant to, long elapsedMs) {
      List<SimulationReport.RuleChanges> rules = new ArrayList<>();
      byRule.forEach(
          (rule, changes) -> {
            List<SimulationReport.Transition> transitions = transitions(changes);
            rules.add(new SimulationReport.RuleChanges(
                rule, transitions.stream().mapToLong(SimulationReport.Transition::count).sum(), transitions));
          });
      List<SimulationReport.Transition> transitions = transitions(total);
      return new SimulationReport(
          from, to, baseline.version(), replayed, skipped,
          transitions.stream().mapToLong(SimulationReport.Transition::count).sum(),
          transitions, rules, HISTORY_NOTE, elapsedMs);
    }

    private List<SimulationReport.Transition> transitions(Map<String, Change> changes) {
      return changes.values().stream()
          .sorted(Comparator.comparingLong((Change c) -> -c.count).thenComparing(c -> c.from.json() + c.to.json()))
          .map(Change::toTransition)
          .toList();
    }

    private final class Change {
      final Effect from;
      final Effect to;
      long count;
      final Map<String, BigDecimal> amounts = new TreeMap<>();
      final List<String> ids = new ArrayList<>();

      Change(Effect from, Effect to) {
        this.from = from;
        this.to = to;
      }

      void add(String actionId, BigDecimal amount, String currency) {
        count++;
        if (amount != null && currency != null) {
          amounts.merge(currency, amount, BigDecimal::add);
        }
        if (ids.size() < examples) {
          ids.add(actionId);
        }
      }

      SimulationReport.Transition toTransition() {
        Map<String, String> money = new LinkedHashMap<>();
        amounts.forEach((currency, sum) -> money.put(currency, plain(sum)));
        return new SimulationReport.Transition(from.json(), to.json(), count, money, List.copyOf(ids));
      }
    }
  }

  // numeric(19,4) reads as 89.5000; money is shown with at least 2 decimals, as clients send it.
  private static String plain(BigDecimal sum) {
    BigDecimal stripped = sum.stripTrailingZeros();
    return (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
  }

  private static Map<String, Effect> effects(CompiledPolicy policy) {
    Map<String, Effect> effects = new HashMap<>();
    if (policy.document().rules() != null) {
      for (PolicyDocument.Rule rule : policy.document().rules()) {
        effects.put(rule.id(), Effect.fromJson(rule.effect()));
      }
    }
    return effects;
  }

  private static ActionRequest readRequest(String json) {
    try {
      ActionRequest stored = JSON.readValue(json, ActionRequest.class);
      return new ActionRequest(
          stored.requestId(), stored.type(), restoreRedacted(stored.params()), stored.actor(), stored.customer(),
          stored.conversationId(), stored.channel(), stored.submittedBy());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a recorded request is not readable JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Free text of destructive actions is stored as {@code {"redacted": "free-text", ...}}; a rule
   * sees a placeholder string there, so the request still has the shape its type requires.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> restoreRedacted(Map<String, Object> params) {
    Map<String, Object> restored = new LinkedHashMap<>();
    params.forEach((key, value) -> restored.put(key, restoreValue(value)));
    return restored;
  }

  @SuppressWarnings("unchecked")
  private static Object restoreValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      if ("free-text".equals(map.get("redacted"))) {
        return "[redacted]";
      }
      return restoreRedacted((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(PolicySimulator::restoreValue).toList();
    }
    return value;
  }
}

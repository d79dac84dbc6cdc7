package com.governedactions.policy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the policy benchmark (bench, PolicyBenchmark) needs below the policy module's public entry
 * points: a catalog of synthetic types, the simulator without Spring, and the naive evaluator the
 * rule index is measured against. Shipped in this module's test-jar, so the internals stay
 * package-private.
 */
public final class PolicyBenchAccess {
  private PolicyBenchAccess() {}

  public static ActionCatalog catalogOf(List<ActionType> types) {
    return ActionCatalog.of(types);
  }

  public static ActionParam required(String name, ParamKind kind, String label) {
    return ActionParam.required(name, kind, label);
  }

  public static ActionParam optional(String name, ParamKind kind, String label) {
    return ActionParam.optional(name, kind, label);
  }

  public static PolicySimulator simulator(DataSource dataSource, ActionCatalog catalog) {
    return new PolicySimulator(dataSource, catalog);
  }

  public static NaiveEvaluator naive(ActionCatalog catalog, HistoryAggregates aggregates, CompiledPolicy policy) {
    return new NaiveEvaluator(catalog, aggregates, policy);
  }

  /** How many rules the index leaves to evaluate, on average, for these requests. */
  public static double averageCandidates(CompiledPolicy policy, List<ActionRequest> requests) {
    return requests.stream().mapToInt(r -> policy.rulesFor(r.type()).size()).average().orElse(0);
  }

  /** What the rule check would be without the index: every rule of the policy, every time. */
  public static final class NaiveEvaluator {
    private final ActionCatalog catalog;
    private final RuleEngine forHistory;
    private final CompiledPolicy policy;
    private final List<CompiledRule> rules;
    private final Object history;

    private NaiveEvaluator(ActionCatalog catalog, HistoryAggregates aggregates, CompiledPolicy policy) {
      this.catalog = catalog;
      this.forHistory = new RuleEngine(catalog, aggregates);
      this.policy = policy;
      Set<CompiledRule> all = new LinkedHashSet<>();
      catalog.all().forEach(type -> all.addAll(policy.rulesFor(type.name())));
      this.rules = List.copyOf(all);
      this.history = RuleContext.history(
          aggregates.snapshot(null, Set.of()), catalog.all().stream().map(ActionType::name).toList());
    }

    public int ruleCount() {
      return rules.size();
    }

    public Decision decide(ActionRequest request) {
      List<String> problems = catalog.validate(request.type(), request.params());
      if (!problems.isEmpty()) {
        return new Decision(Effect.DENY, policy.version(), List.of(), "invalid", false, null, null);
      }
      ActionType type = catalog.find(request.type()).orElseThrow();
      RuleContext.Activation activation = RuleContext.activation(request, ActionParams.amount(type, request.params()),
          ActionParams.currency(type, request.params()), history);
      List<String> matched = new ArrayList<>();
      Effect effect = Effect.ALLOW;
      for (CompiledRule rule : rules) {
        try {
          if (rule.matches(activation)) {
            matched.add(rule.id());
            effect = Effect.strictest(effect, rule.effect());
          }
        } catch (CelEvaluationException e) {
          return new Decision(Effect.DENY, policy.version(), List.of(rule.id()), e.getMessage(), false, null, null);
        }
      }
      if (matched.isEmpty()) {
        return new Decision(Effect.DENY, policy.version(), List.of(), "no rule", false, null, null);
      }
      return new Decision(effect, policy.version(), matched, null, false, null, null);
    }
  }
}

package com.governedactions.policy;

import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.Effect;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import dev.cel.runtime.Program;
import java.util.Set;

/**
 * One validated rule with its condition compiled once, at load.
 *
 * @param pinnedType the action type the condition requires ({@code action.type == "x"} in its
 *     top-level conjunction), or null when it can match any type
 * @param history the parts of {@code history.*} the condition reads; each costs a database query
 */
record CompiledRule(
    String id,
    Effect effect,
    String reason,
    ApprovalRequirement approval,
    String team,
    Program condition,
    String pinnedType,
    Set<HistoryScope> history) {

  CompiledRule {
    history = history.isEmpty() ? Set.of() : Set.copyOf(history);
  }

  boolean readsHistory() {
    return !history.isEmpty();
  }

  boolean matches(CelVariableResolver activation) throws CelEvaluationException {
    // A resolver, not a map: eval(Map) copies the whole activation for every rule.
    return Boolean.TRUE.equals(condition.eval(activation));
  }
}

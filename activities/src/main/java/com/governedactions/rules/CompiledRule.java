package com.governedactions.rules;

import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.Effect;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.Map;

/**
 * One validated rule with its condition compiled once, at load.
 *
 * @param pinnedType the action type the condition requires ({@code action.type == "x"} in its
 *     top-level conjunction), or null when it can match any type
 * @param readsHistory the condition reads {@code history.*}, which costs a database query
 */
record CompiledRule(
    String id,
    Effect effect,
    String reason,
    ApprovalRequirement approval,
    String team,
    Program condition,
    String pinnedType,
    boolean readsHistory) {

  boolean matches(Map<String, Object> activation) throws CelEvaluationException {
    return Boolean.TRUE.equals(condition.eval(activation));
  }
}

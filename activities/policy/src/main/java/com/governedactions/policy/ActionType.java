package com.governedactions.policy;

import com.governedactions.action.PlannedStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An action type a chat backend may request: its parameters, how risky it is, the question put to
 * the customer, and the connector calls that execute it.
 *
 * @param confirmationTemplate the customer's question, with {@code {param}} or {@code
 *     {object.field}} placeholders; money renders with its currency's decimals
 * @param plan the connector operations in execution order, each with its compensation
 */
public record ActionType(
    String name,
    String description,
    List<ActionParam> params,
    RiskTier riskTier,
    String confirmationTemplate,
    List<PlannedStep> plan) {
  public ActionType {
    params = List.copyOf(params);
    plan = List.copyOf(plan);
  }

  public List<ActionParam> requiredParams() {
    return params.stream().filter(ActionParam::required).toList();
  }

  public List<ActionParam> optionalParams() {
    return params.stream().filter(p -> !p.required()).toList();
  }

  /** The parameters as a JSON Schema object, for {@code GET /catalog} and LLM tool definitions. */
  public Map<String, Object> paramsJsonSchema() {
    return ParamRules.objectSchema(params);
  }

  /**
   * Whether the customer is asked before this type runs unless a rule says otherwise: true for
   * every type that changes state, which is every type with a connector operation to execute.
   */
  public boolean confirmationRequiredByDefault() {
    return !plan.isEmpty();
  }

  /** The first connector operation, the one that does what the type is named for. */
  public String operation() {
    return plan.isEmpty() ? null : plan.get(0).operation();
  }

  /** Parameter names, in catalog order, for messages. */
  List<String> paramNames() {
    return params.stream().map(ActionParam::name).toList();
  }

  static Map<String, Object> orderedMap(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}

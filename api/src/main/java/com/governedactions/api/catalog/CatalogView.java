package com.governedactions.api.catalog;

import com.governedactions.action.PlannedStep;
import com.governedactions.policy.ActionType;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/catalog}.
 *
 * @param types every action type with its parameter schema, risk and execution plan
 * @param tools the types as tool definitions for OpenAI, Anthropic and MCP clients
 */
record CatalogView(List<TypeView> types, ToolDefinitions tools) {

  /**
   * @param parameters the JSON Schema of {@code params} in {@code POST /actions}; a body that
   *     satisfies it passes parameter validation
   * @param riskTier low, medium or high
   * @param confirmationRequired whether the customer is asked before it runs unless a rule says
   *     otherwise (every type that changes state)
   * @param confirmationTemplate the question put to the customer, with {@code {param}} placeholders
   * @param operation the connector operation that executes it
   * @param compensation the operation that undoes it, or null
   * @param plan every connector step in order, each with its compensation
   */
  record TypeView(
      String name,
      String description,
      Map<String, Object> parameters,
      String riskTier,
      boolean confirmationRequired,
      String confirmationTemplate,
      String operation,
      String compensation,
      List<PlannedStep> plan) {}

  static CatalogView of(Collection<ActionType> types) {
    List<TypeView> views =
        types.stream()
            .map(
                type ->
                    new TypeView(
                        type.name(),
                        type.description(),
                        type.paramsJsonSchema(),
                        type.riskTier().name().toLowerCase(Locale.ROOT),
                        type.confirmationRequiredByDefault(),
                        type.confirmationTemplate(),
                        type.operation(),
                        type.plan().isEmpty() ? null : type.plan().get(0).compensation(),
                        type.plan()))
            .toList();
    return new CatalogView(views, ToolDefinitions.of(types));
  }
}

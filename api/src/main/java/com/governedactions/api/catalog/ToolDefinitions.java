package com.governedactions.api.catalog;

import com.governedactions.policy.ActionType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog as ready-to-use LLM tool definitions. Each tool's input is the {@code params} of
 * {@code POST /actions} for its type; the chat backend adds requestId, actor, customer and
 * conversation itself.
 *
 * @param openai Chat Completions {@code tools} entries: {@code {"type": "function", "function":
 *     {"name", "description", "parameters"}}}
 * @param anthropic Messages API {@code tools} entries: {@code {"name", "description",
 *     "input_schema"}}
 * @param mcp MCP {@code tools/list} entries: {@code {"name", "title", "description",
 *     "inputSchema", "annotations"}}
 */
record ToolDefinitions(
    List<Map<String, Object>> openai, List<Map<String, Object>> anthropic, List<Map<String, Object>> mcp) {

  static ToolDefinitions of(Collection<ActionType> types) {
    return new ToolDefinitions(
        types.stream().map(ToolDefinitions::openai).toList(),
        types.stream().map(ToolDefinitions::anthropic).toList(),
        types.stream().map(ToolDefinitions::mcp).toList());
  }

  private static Map<String, Object> openai(ActionType type) {
    return ordered(
        "type", "function",
        "function", ordered("name", type.name(), "description", description(type), "parameters", type.paramsJsonSchema()));
  }

  private static Map<String, Object> anthropic(ActionType type) {
    return ordered("name", type.name(), "description", description(type), "input_schema", type.paramsJsonSchema());
  }

  private static Map<String, Object> mcp(ActionType type) {
    boolean changesState = type.confirmationRequiredByDefault();
    return ordered(
        "name", type.name(),
        "title", title(type),
        "description", description(type),
        "inputSchema", type.paramsJsonSchema(),
        "annotations",
        ordered(
            "title", title(type),
            "readOnlyHint", !changesState,
            "destructiveHint", changesState,
            // a repeated call is a new request unless the backend reuses its requestId
            "idempotentHint", false,
            "openWorldHint", true));
  }

  /** Tells the model what happens after the call, so it does not promise the customer a result. */
  static String description(ActionType type) {
    String risk = type.riskTier().name().toLowerCase(Locale.ROOT);
    return type.description()
        + " Requests the action; it does not run at once. Risk: " + risk + "."
        + (type.confirmationRequiredByDefault()
            ? " The customer is usually asked to confirm (\"" + type.confirmationTemplate() + "\")"
                + " and policy may require a supervisor's approval or deny it."
            : " Policy may require approval or deny it.")
        + " The result is the action's status, for example AWAITING_CONFIRMATION, AWAITING_APPROVAL, DENIED"
        + " or SUCCEEDED.";
  }

  private static String title(ActionType type) {
    String words = type.name().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}

package com.governedactions.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a valid parameter value of each {@link ParamKind} looks like: one place for both validation
 * and the JSON Schema published in the catalog, so the two cannot drift apart.
 */
final class ParamRules {
  static final int MAX_TEXT_LENGTH = 500;
  // Up to 15 integer digits fits numeric(19,4) in the audit store with room to spare.
  static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?");
  static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  // The published schema says what the checks below say, so a client that validates against it is
  // never surprised by a 422: money above zero, and text with something besides whitespace and no
  // control character (see ControlCharacters).
  static final String POSITIVE_DECIMAL_SCHEMA =
      "^([1-9][0-9]{0,14}(\\.[0-9]{1,2})?|0\\.([1-9][0-9]?|0[1-9]))$";
  static final Pattern NOT_BLANK = Pattern.compile("[^ \\t\\n\\r\\f\\u000B]");
  static final String TEXT_SCHEMA =
      "^[\\t\\n\\r ]*[^\\u0000-\\u0020\\u007F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$";

  private static final List<String> ISO_CURRENCIES =
      Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).sorted().toList();
  private static final Set<String> ISO_CURRENCY_SET = Set.copyOf(ISO_CURRENCIES);

  private ParamRules() {}

  /** Adds to {@code problems} what is wrong with {@code params} measured against {@code spec}. */
  static void validateObject(String path, List<ActionParam> spec, Map<?, ?> params, List<String> problems) {
    // A scan of the few declared names: this runs on every rule check, so no map per call.
    for (Object key : params.keySet()) {
      if (!declares(spec, String.valueOf(key))) {
        problems.add(path + "." + key + ": unknown parameter; allowed: "
            + String.join(", ", new LinkedHashSet<>(spec.stream().map(ActionParam::name).toList())));
      }
    }
    for (ActionParam param : spec) {
      Object value = params.get(param.name());
      String where = path + "." + param.name();
      if (value == null) {
        if (param.required()) {
          problems.add(where + ": is required");
        }
        continue;
      }
      validateValue(where, param, value, problems);
    }
  }

  private static boolean declares(List<ActionParam> spec, String name) {
    for (ActionParam param : spec) {
      if (param.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static void validateValue(String where, ActionParam param, Object value, List<String> problems) {
    switch (param.kind()) {
      case TEXT -> {
        // code points, not UTF-16 units: JSON Schema's maxLength counts characters
        if (!(value instanceof String s)
            || !NOT_BLANK.matcher(s).find()
            || s.codePointCount(0, s.length()) > MAX_TEXT_LENGTH) {
          problems.add(where + ": must be a non-empty string of at most " + MAX_TEXT_LENGTH + " characters");
        } else if (ControlCharacters.in(s)) {
          problems.add(where + ": " + ControlCharacters.RULE);
        }
      }
      case DECIMAL -> {
        if (!(value instanceof String s) || !DECIMAL.matcher(s).matches()) {
          problems.add(where + ": must be a decimal string like \"89.50\" with at most 2 decimals");
        } else if (new BigDecimal(s).signum() <= 0) {
          problems.add(where + ": must be greater than 0");
        }
      }
      case CURRENCY -> {
        if (!(value instanceof String s) || !CURRENCY.matcher(s).matches() || !ISO_CURRENCY_SET.contains(s)) {
          problems.add(where + ": must be an ISO 4217 currency code of 3 uppercase letters like \"USD\"");
        }
      }
      case OBJECT -> {
        if (value instanceof Map<?, ?> object) {
          validateObject(where, param.fields(), object, problems);
        } else {
          problems.add(where + ": must be an object with " + describeFields(param.fields()));
        }
      }
    }
  }

  private static String describeFields(List<ActionParam> fields) {
    List<String> parts = new ArrayList<>();
    for (ActionParam field : fields) {
      parts.add(field.name() + (field.required() ? "" : " (optional)"));
    }
    return String.join(", ", parts);
  }

  static Map<String, Object> objectSchema(List<ActionParam> params) {
    Map<String, Object> properties = new LinkedHashMap<>();
    params.forEach(p -> properties.put(p.name(), schema(p)));
    return ActionType.orderedMap(
        "type", "object",
        "properties", properties,
        "required", params.stream().filter(ActionParam::required).map(ActionParam::name).toList(),
        "additionalProperties", false);
  }

  private static Map<String, Object> schema(ActionParam param) {
    Map<String, Object> schema =
        switch (param.kind()) {
          case TEXT ->
              ActionType.orderedMap(
                  "type", "string", "minLength", 1, "maxLength", MAX_TEXT_LENGTH, "pattern", TEXT_SCHEMA);
          case DECIMAL -> ActionType.orderedMap("type", "string", "pattern", POSITIVE_DECIMAL_SCHEMA);
          case CURRENCY -> ActionType.orderedMap("type", "string", "enum", ISO_CURRENCIES);
          case OBJECT -> objectSchema(param.fields());
        };
    // validateObject treats an explicit null like an absent value: fine for optional parameters
    if (!param.required()) {
      schema.put("type", List.of(schema.get("type"), "null"));
    }
    schema.put("description", param.description());
    return schema;
  }
}

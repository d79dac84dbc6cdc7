package com.governedactions.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values rules and the confirmation question need from parameters that have already
 * passed {@link ActionCatalog#validate}.
 */
final class ActionParams {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)}");

  private ActionParams() {}

  /** The money amount of the action; zero for types that move no money. */
  static BigDecimal amount(ActionType type, Map<String, Object> params) {
    ActionParam param = first(type, ParamKind.DECIMAL);
    return param == null ? BigDecimal.ZERO : new BigDecimal((String) params.get(param.name()));
  }

  /** The currency of the amount; empty for types that move no money. */
  static String currency(ActionType type, Map<String, Object> params) {
    ActionParam param = first(type, ParamKind.CURRENCY);
    return param == null ? "" : (String) params.get(param.name());
  }

  // A loop, not a stream: both readers run on every rule check.
  private static ActionParam first(ActionType type, ParamKind kind) {
    for (ActionParam param : type.params()) {
      if (param.kind() == kind) {
        return param;
      }
    }
    return null;
  }

  /** Fills the type's confirmation template, e.g. "Refund USD 89.50 to order A-1001?". */
  static String confirmationText(ActionType type, Map<String, Object> params) {
    Matcher matcher = PLACEHOLDER.matcher(type.confirmationTemplate());
    StringBuilder text = new StringBuilder();
    while (matcher.find()) {
      String path = matcher.group(1);
      matcher.appendReplacement(text, Matcher.quoteReplacement(render(type, params, path)));
    }
    matcher.appendTail(text);
    return text.toString();
  }

  private static String render(ActionType type, Map<String, Object> params, String path) {
    Object value = params;
    for (String key : path.split("\\.")) {
      value = value instanceof Map<?, ?> map ? map.get(key) : null;
    }
    if (value == null) {
      return "";
    }
    boolean money = type.params().stream().anyMatch(p -> p.name().equals(path) && p.kind() == ParamKind.DECIMAL);
    return money ? money(new BigDecimal(value.toString()), currency(type, params)) : value.toString();
  }

  // "89.5" USD reads as "89.50"; never rounds away digits the client sent.
  private static String money(BigDecimal amount, String currency) {
    int digits = Currency.getInstance(currency).getDefaultFractionDigits();
    return amount.scale() < digits ? amount.setScale(digits, RoundingMode.UNNECESSARY).toPlainString() : amount.toPlainString();
  }
}

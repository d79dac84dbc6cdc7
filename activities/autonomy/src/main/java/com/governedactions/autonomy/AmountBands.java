package com.governedactions.autonomy;

import com.governedactions.policy.PolicyDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The amount bands of each action type, cut where the policy's rules cut: every {@code
 * action.amount <op> number} in a rule's condition is a boundary of the types that rule names
 * ({@code action.type == "..."}), or of every type when it names none. A path's evidence is only
 * comparable inside a band the policy treats alike.
 */
final class AmountBands {
  private static final Pattern TYPE = Pattern.compile("action\\.type\\s*==\\s*\"([^\"]+)\"");
  private static final Pattern AMOUNT_FIRST =
      Pattern.compile("action\\.amount\\s*(<=|<|>=|>)\\s*(\\d+(?:\\.\\d+)?)");
  private static final Pattern NUMBER_FIRST =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(<=|<|>=|>)\\s*action\\.amount");
  private static final String ANY_TYPE = "";

  /**
   * A boundary: amounts up to {@code value} fall below it, inclusive when the policy wrote {@code
   * <= value} (or {@code > value}), exclusive for {@code < value} (or {@code >= value}).
   */
  record Cut(BigDecimal value, boolean inclusive) {}

  /**
   * One band of one type: {@code index} counts from 0 (the lowest); the bounds are null where open.
   * Index -1 is the band of actions without an amount.
   */
  record Band(int index, BigDecimal lower, boolean lowerInclusive, BigDecimal upper, boolean upperInclusive) {
    static final Band NO_AMOUNT = new Band(-1, null, false, null, false);

    String label() {
      if (index < 0) {
        return "no amount";
      }
      String low = lower == null ? null : (lowerInclusive ? ">= " : "> ") + lower.toPlainString();
      String high = upper == null ? null : (upperInclusive ? "<= " : "< ") + upper.toPlainString();
      if (low == null && high == null) {
        return "any amount";
      }
      return low == null ? high : high == null ? low : low + " and " + high;
    }
  }

  private final Map<String, List<Cut>> cutsByType;

  private AmountBands(Map<String, List<Cut>> cutsByType) {
    this.cutsByType = cutsByType;
  }

  static AmountBands of(PolicyDocument document) {
    Map<String, TreeMap<BigDecimal, Boolean>> cuts = new LinkedHashMap<>();
    List<PolicyDocument.Rule> rules = document.rules() == null ? List.of() : document.rules();
    for (PolicyDocument.Rule rule : rules) {
      String when = rule.when() == null ? "" : rule.when();
      List<String> types = new ArrayList<>();
      Matcher type = TYPE.matcher(when);
      while (type.find()) {
        types.add(type.group(1));
      }
      if (types.isEmpty()) {
        types.add(ANY_TYPE);
      }
      Map<BigDecimal, Boolean> found = new TreeMap<>();
      Matcher m = AMOUNT_FIRST.matcher(when);
      while (m.find()) {
        found.put(new BigDecimal(m.group(2)).stripTrailingZeros(), m.group(1).equals("<=") || m.group(1).equals(">"));
      }
      m = NUMBER_FIRST.matcher(when);
      while (m.find()) {
        // 50 >= action.amount is action.amount <= 50
        found.put(new BigDecimal(m.group(1)).stripTrailingZeros(), m.group(2).equals(">=") || m.group(2).equals("<"));
      }
      for (String t : types) {
        cuts.computeIfAbsent(t, k -> new TreeMap<>()).putAll(found);
      }
    }
    TreeMap<BigDecimal, Boolean> anyType = cuts.getOrDefault(ANY_TYPE, new TreeMap<>());
    Map<String, List<Cut>> byType = new LinkedHashMap<>();
    cuts.forEach((type, values) -> {
      TreeMap<BigDecimal, Boolean> all = new TreeMap<>(anyType);
      all.putAll(values);
      byType.put(type, all.entrySet().stream().map(e -> new Cut(e.getKey(), e.getValue())).toList());
    });
    return new AmountBands(byType);
  }

  /** The types the policy names; an unnamed type has the cuts every rule without a type makes. */
  Set<String> types() {
    return cutsByType.keySet().stream().filter(t -> !t.equals(ANY_TYPE)).collect(java.util.stream.Collectors.toSet());
  }

  List<Cut> cuts(String type) {
    return cutsByType.getOrDefault(type, cutsByType.getOrDefault(ANY_TYPE, List.of()));
  }

  /** Band {@code index} of {@code type}, as {@link #indexOf} numbers them. */
  Band band(String type, int index) {
    if (index < 0) {
      return Band.NO_AMOUNT;
    }
    List<Cut> cuts = cuts(type);
    Cut below = index == 0 ? null : cuts.get(index - 1);
    Cut above = index >= cuts.size() ? null : cuts.get(index);
    return new Band(index,
        below == null ? null : below.value(), below != null && !below.inclusive(),
        above == null ? null : above.value(), above != null && above.inclusive());
  }

  /** Which band {@code amount} of {@code type} falls in; -1 without an amount. */
  int indexOf(String type, BigDecimal amount) {
    if (amount == null) {
      return -1;
    }
    List<Cut> cuts = cuts(type);
    for (int i = 0; i < cuts.size(); i++) {
      Cut cut = cuts.get(i);
      int c = amount.compareTo(cut.value());
      if (c < 0 || (c == 0 && cut.inclusive())) {
        return i;
      }
    }
    return cuts.size();
  }

  /**
   * The same numbering as {@link #indexOf} as a SQL expression over {@code amount} and {@code
   * type}; every value is a bind parameter added to {@code params}.
   */
  String sql(String typeColumn, String amountColumn, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder("CASE WHEN ").append(amountColumn).append(" IS NULL THEN -1");
    int t = 0;
    List<String> named = new ArrayList<>(types());
    java.util.Collections.sort(named);
    for (String type : named) {
      String typeParam = "bandType" + t;
      params.put(typeParam, type);
      sql.append(" WHEN ").append(typeColumn).append(" = :").append(typeParam).append(" THEN ")
          .append(cases(cuts(type), amountColumn, "band" + t, params));
      t++;
    }
    sql.append(" ELSE ").append(cases(cuts(ANY_TYPE), amountColumn, "bandAny", params)).append(" END");
    return sql.toString();
  }

  private static String cases(List<Cut> cuts, String amountColumn, String prefix, Map<String, Object> params) {
    if (cuts.isEmpty()) {
      return "0";
    }
    StringBuilder sql = new StringBuilder("CASE");
    for (int i = 0; i < cuts.size(); i++) {
      String param = prefix + "_" + i;
      params.put(param, cuts.get(i).value());
      sql.append(" WHEN ").append(amountColumn).append(cuts.get(i).inclusive() ? " <= :" : " < :").append(param)
          .append(" THEN ").append(i);
    }
    return sql.append(" ELSE ").append(cuts.size()).append(" END").toString();
  }
}

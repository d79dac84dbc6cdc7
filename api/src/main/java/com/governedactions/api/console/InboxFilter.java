package com.governedactions.api.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The inbox's filter, from the query of {@code /} and of the polled {@code /console/inbox}: type
 * (exact, any case), amount range (inclusive, in the action's own currency), breached only, claimed
 * by me. A value that does not parse is a problem: the inbox then shows the problem and no rows, so
 * nothing is ever listed as filtered when it was not.
 */
record InboxFilter(String type, String min, String max, boolean breachedOnly, boolean mine, List<String> problems) {
  private static final int MAX_LENGTH = 100;

  static final InboxFilter NONE = parse(null, null, null, null, null);

  static InboxFilter parse(String type, String min, String max, String breached, String mine) {
    List<String> problems = new ArrayList<>();
    String t = trimmed(type);
    if (t != null && t.length() > MAX_LENGTH) {
      problems.add("Type is too long: at most " + MAX_LENGTH + " characters.");
    }
    BigDecimal low = amount("Minimum amount", trimmed(min), problems);
    BigDecimal high = amount("Maximum amount", trimmed(max), problems);
    if (low != null && high != null && low.compareTo(high) > 0) {
      problems.add("The minimum amount " + low.toPlainString() + " is above the maximum " + high.toPlainString() + ".");
    }
    return new InboxFilter(t, trimmed(min), trimmed(max), flag(breached), flag(mine), List.copyOf(problems));
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  public boolean active() {
    return !params().isEmpty();
  }

  /** The minimum amount, or null; only for a valid filter. */
  BigDecimal minAmount() {
    return min == null ? null : new BigDecimal(min);
  }

  /** The maximum amount, or null; only for a valid filter. */
  BigDecimal maxAmount() {
    return max == null ? null : new BigDecimal(max);
  }

  /**
   * The rows this filter lets through; none when it is not valid. The inbox's query already
   * filtered its page: this keeps the page exactly as filtered as it says (a row whose SLA ran out
   * between the query and the page is not listed as not breached), at no cost on one page.
   */
  List<InboxRow> apply(List<InboxRow> rows, String me) {
    if (!valid()) {
      return List.of();
    }
    BigDecimal low = minAmount();
    BigDecimal high = maxAmount();
    return rows.stream()
        .filter(row -> type == null || type.toLowerCase(Locale.ROOT).equals(
            row.type() == null ? null : row.type().toLowerCase(Locale.ROOT)))
        .filter(row -> low == null || row.amount() != null && row.amount().compareTo(low) >= 0)
        .filter(row -> high == null || row.amount() != null && row.amount().compareTo(high) <= 0)
        .filter(row -> !breachedOnly || row.countdown() != null && row.countdown().breached())
        .filter(row -> !mine || me.equals(row.claimedBy()))
        .toList();
  }

  /** The filter's non-empty values, in the form's order: the poll's query and the claim forms' hidden fields. */
  public Map<String, String> params() {
    Map<String, String> params = new LinkedHashMap<>();
    if (type != null) {
      params.put("type", type);
    }
    if (min != null) {
      params.put("min", min);
    }
    if (max != null) {
      params.put("max", max);
    }
    if (breachedOnly) {
      params.put("breached", "true");
    }
    if (mine) {
      params.put("mine", "true");
    }
    return params;
  }

  /** {@code path} with this filter as its query, encoded. */
  String url(String path) {
    UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
    params().forEach(uri::queryParam);
    return uri.encode().build().toUriString();
  }

  private static BigDecimal amount(String name, String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    if (value.length() > 40) {
      problems.add(name + " is too long to be an amount.");
      return null;
    }
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      problems.add(name + " '" + value + "' is not a number: write it like 89.50.");
      return null;
    }
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean flag(String value) {
    return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on"));
  }
}

package com.governedactions.api;

import com.governedactions.policy.ControlCharacters;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * What the query strings of the paged lists (actions, approvals, alerts, audit) have in common:
 * only known names, each given once, a bounded {@code limit} and an opaque {@code cursor}. Every
 * list reports its mistakes the same way, all at once, so a client fixes them in one go.
 */
public final class PageQuery {
  public static final int DEFAULT_LIMIT = 50;
  private static final FieldProblem CURSOR_PROBLEM = new FieldProblem("cursor",
      "not a cursor this API returned; send the nextCursor of the previous page or leave it out");

  private PageQuery() {}

  /**
   * Adds a problem for every name not in {@code known}, for every known name given more than once
   * (unless it is in {@code repeatable}), and for every value holding a control character: no
   * stored value holds one, and PostgreSQL refuses NUL outright.
   */
  public static void checkNames(
      MultiValueMap<String, String> query, Set<String> known, Set<String> repeatable, List<FieldProblem> problems) {
    String allowed = String.join(", ", known.stream().sorted().toList());
    query.forEach(
        (name, values) -> {
          if (!known.contains(name)) {
            problems.add(new FieldProblem(name, "unknown parameter; allowed: " + allowed));
          } else if (values.size() > 1 && !repeatable.contains(name)) {
            problems.add(new FieldProblem(name, "give it at most once"));
          } else if (values.stream().anyMatch(ControlCharacters::in)) {
            problems.add(new FieldProblem(name, ControlCharacters.RULE));
          }
        });
  }

  /**
   * The page size: {@link #DEFAULT_LIMIT} when absent; a problem (and the default) unless 1..max.
   * An empty {@code limit=} is a mistake, not a request for the default.
   */
  public static int limit(String value, int max, List<FieldProblem> problems) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    problems.add(new FieldProblem("limit", "must be a whole number from 1 to " + max + ", was '" + value
        + "'; leave it out for " + DEFAULT_LIMIT));
    return DEFAULT_LIMIT;
  }

  /**
   * The cursor to continue after, or null when absent. An empty {@code cursor=} is no cursor this
   * API returned: refused like any other (the repository refuses those it cannot read).
   */
  public static String cursor(MultiValueMap<String, String> query, List<FieldProblem> problems) {
    String value = query.getFirst("cursor");
    if (value != null && value.isBlank()) {
      problems.add(CURSOR_PROBLEM);
      return null;
    }
    return value;
  }

  /**
   * The value of an enum-valued parameter, spelled exactly as the API writes it (no case folding: a
   * client that sends {@code succeeded} would fail elsewhere on the value it reads back); null when
   * absent or blank.
   */
  public static <E extends Enum<E>> E enumValue(
      MultiValueMap<String, String> query, String name, Class<E> type, List<FieldProblem> problems) {
    String value = query.getFirst(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    problems.add(new FieldProblem(name, "'" + value + "' is not allowed; allowed: " + allowed
        + " (exactly as written here, in capitals)"));
    return null;
  }

  /** A 400 listing every problem found, if there is any. */
  public static void requireNoProblems(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw ApiProblem.badRequest("bad-query-parameter", "Invalid query parameter",
          "Fix the query parameters listed in 'errors'.", problems);
    }
  }

  /** The parameter's value, or null when absent or blank. */
  public static String text(MultiValueMap<String, String> query, String name) {
    String value = query.getFirst(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The 400 for a cursor the repository could not read: it was not one of our nextCursor values. */
  public static ApiProblem badCursor() {
    return ApiProblem.badRequest("bad-query-parameter", "Invalid query parameter",
        "The cursor is not one this API returned; send the nextCursor of the previous page unchanged, or leave it out.",
        List.of(CURSOR_PROBLEM));
  }
}

package com.governedactions.api;

import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * What the query strings of the paged lists (actions, approvals, alerts, audit) have in common:
 * only known names, each given once, a bounded {@code limit} and an opaque {@code cursor}. Every
 * list reports its mistakes the same way, all at once, so a client fixes them in one go.
 */
public final class PageQuery {
  public static final int DEFAULT_LIMIT = 50;

  private PageQuery() {}

  /**
   * Adds a problem for every name not in {@code known} and for every known name given more than
   * once, unless it is in {@code repeatable}.
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
          }
        });
  }

  /** The page size: {@link #DEFAULT_LIMIT} when absent; a problem (and the default) unless 1..max. */
  public static int limit(String value, int max, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    problems.add(new FieldProblem("limit", "must be a whole number from 1 to " + max + ", was '" + value + "'"));
    return DEFAULT_LIMIT;
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
        "The cursor is not valid. Pass the nextCursor of a previous page unchanged, or leave it out.",
        List.of(new FieldProblem("cursor", "not a cursor this service issued")));
  }
}

package com.governedactions.api.action;

import com.governedactions.action.ActionStatus;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.audit.ActionListFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * The query string of {@code GET /api/v1/actions}. Anything it does not understand is a 400 that
 * names the allowed values: a misspelled filter must not silently list everything.
 */
final class ListQuery {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  private static final Set<String> KNOWN = Set.of("status", "type", "conversationId", "limit", "cursor");

  private ListQuery() {}

  static ActionListFilter parse(MultiValueMap<String, String> query) {
    List<FieldProblem> problems = new ArrayList<>();
    query.forEach(
        (name, values) -> {
          if (!KNOWN.contains(name)) {
            problems.add(new FieldProblem(name, "unknown parameter; allowed: " + String.join(", ", KNOWN.stream().sorted().toList())));
          } else if (values.size() > 1) {
            problems.add(new FieldProblem(name, "give it at most once"));
          }
        });
    ActionStatus status = status(query.getFirst("status"), problems);
    int limit = limit(query.getFirst("limit"), problems);
    if (!problems.isEmpty()) {
      throw ApiProblem.badRequest("bad-query-parameter", "Invalid query parameter",
          "Fix the query parameters listed in 'errors'.", problems);
    }
    return new ActionListFilter(
        status, blankToNull(query.getFirst("type")), blankToNull(query.getFirst("conversationId")),
        limit, blankToNull(query.getFirst("cursor")));
  }

  private static ActionStatus status(String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ActionStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = Arrays.stream(ActionStatus.values()).map(Enum::name).collect(Collectors.joining(", "));
      problems.add(new FieldProblem("status", "'" + value + "' is not a status; allowed: " + allowed));
      return null;
    }
  }

  private static int limit(String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    problems.add(new FieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + value + "'"));
    return DEFAULT_LIMIT;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

package com.governedactions.api.action;

import com.governedactions.action.ActionStatus;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
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
  static final int MAX_LIMIT = 200;
  private static final Set<String> KNOWN = Set.of("status", "type", "conversationId", "limit", "cursor");

  private ListQuery() {}

  static ActionListFilter parse(MultiValueMap<String, String> query) {
    List<FieldProblem> problems = new ArrayList<>();
    PageQuery.checkNames(query, KNOWN, Set.of(), problems);
    ActionStatus status = status(query.getFirst("status"), problems);
    int limit = PageQuery.limit(query.getFirst("limit"), MAX_LIMIT, problems);
    PageQuery.requireNoProblems(problems);
    return new ActionListFilter(
        status, PageQuery.text(query, "type"), PageQuery.text(query, "conversationId"),
        limit, PageQuery.text(query, "cursor"));
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
}

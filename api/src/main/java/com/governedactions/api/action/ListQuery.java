package com.governedactions.api.action;

import com.governedactions.action.ActionStatus;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.audit.ActionListFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    ActionStatus status = PageQuery.enumValue(query, "status", ActionStatus.class, problems);
    int limit = PageQuery.limit(query.getFirst("limit"), MAX_LIMIT, problems);
    String cursor = PageQuery.cursor(query, problems);
    PageQuery.requireNoProblems(problems);
    return new ActionListFilter(
        status, PageQuery.text(query, "type"), PageQuery.text(query, "conversationId"), limit, cursor);
  }
}

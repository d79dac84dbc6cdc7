package com.governedactions.api.audit;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditSearchRepository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.util.MultiValueMap;

/**
 * The query string of {@code GET /api/v1/audit} and its CSV export. Anything it does not
 * understand is a 400 naming every wrong parameter and what would do: a misspelled filter must
 * never silently return (or export) the whole trail.
 */
public final class AuditQueryParameters {
  static final int DEFAULT_LIMIT = PageQuery.DEFAULT_LIMIT;
  private static final Set<String> KNOWN =
      Set.of("status", "event", "from", "to", "conversationId", "actionType", "actor", "customerId",
          "limit", "cursor");

  private AuditQueryParameters() {}

  /**
   * @param export true for the CSV export, where an absent limit means every matching row
   */
  public static AuditQuery parse(MultiValueMap<String, String> query, boolean export) {
    List<FieldProblem> problems = new ArrayList<>();
    PageQuery.checkNames(query, KNOWN, Set.of(), problems);
    ActionStatus status = PageQuery.enumValue(query, "status", ActionStatus.class, problems);
    AuditEventType event = PageQuery.enumValue(query, "event", AuditEventType.class, problems);
    Instant from = instant("from", query.getFirst("from"), problems);
    Instant to = instant("to", query.getFirst("to"), problems);
    if (from != null && to != null && !from.isBefore(to)) {
      problems.add(new FieldProblem("to", "must be later than 'from' (from is inclusive, to exclusive)"));
    }
    int limit = limit(query.getFirst("limit"), export, problems);
    String cursor = PageQuery.cursor(query, problems);
    PageQuery.requireNoProblems(problems);
    // checkNames refused control characters, NUL among them, which no stored value could match
    return new AuditQuery(status, event, from, to, PageQuery.text(query, "conversationId"),
        PageQuery.text(query, "actionType"), PageQuery.text(query, "actor"), PageQuery.text(query, "customerId"),
        limit, cursor);
  }

  public static ApiProblem badCursor() {
    return PageQuery.badCursor();
  }

  private static Instant instant(String name, String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (Function<String, Instant> parser :
        List.<Function<String, Instant>>of(Instant::parse, text -> OffsetDateTime.parse(text).toInstant())) {
      try {
        return parser.apply(value.trim());
      } catch (DateTimeParseException e) {
        // try the next form, then report
      }
    }
    problems.add(new FieldProblem(name,
        "'" + value + "' is not an ISO-8601 timestamp with an offset, e.g. 2025-03-01T10:15:30Z"));
    return null;
  }

  private static int limit(String value, boolean export, List<FieldProblem> problems) {
    if (!export) {
      return PageQuery.limit(value, AuditSearchRepository.MAX_LIMIT, problems);
    }
    if (value == null) {
      return 0;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(new FieldProblem("limit",
        "must be a whole number of 1 or more (leave it out to export every row), was '" + value + "'"));
    return DEFAULT_LIMIT;
  }
}

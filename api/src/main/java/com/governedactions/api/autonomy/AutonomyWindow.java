package com.governedactions.api.autonomy;

import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.policy.ActionCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The evidence window of {@code GET /api/v1/autonomy} and of the console's autonomy page, read from
 * the same query parameters in the same words: {@code actionType}, {@code from}, {@code to}.
 *
 * @param actionType one type, or null for all
 * @param from first creation time, inclusive
 * @param to end of the window, exclusive
 */
public record AutonomyWindow(String actionType, Instant from, Instant to) {
  private static final Set<String> KNOWN = Set.of("actionType", "from", "to");

  /**
   * Without {@code to}, {@code now}; without {@code from}, {@code defaultWindow} before {@code to}.
   *
   * @throws com.governedactions.api.ApiProblem a 400 naming every wrong parameter
   */
  public static AutonomyWindow parse(
      MultiValueMap<String, String> query, ActionCatalog catalog, Duration defaultWindow, Instant now) {
    List<FieldProblem> problems = new ArrayList<>();
    PageQuery.checkNames(query, KNOWN, Set.of(), problems);
    String actionType = PageQuery.text(query, "actionType");
    if (actionType != null && catalog.find(actionType).isEmpty()) {
      problems.add(new FieldProblem("actionType", "unknown action type '" + actionType + "'; see GET /api/v1/catalog"));
    }
    Instant to = instant(query, "to", problems);
    Instant from = instant(query, "from", problems);
    if (to == null && query.getFirst("to") == null) {
      to = now;
    }
    if (from == null && query.getFirst("from") == null && to != null) {
      from = to.minus(defaultWindow);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      problems.add(new FieldProblem("to", "must be later than from (" + from + ")"));
    }
    PageQuery.requireNoProblems(problems);
    return new AutonomyWindow(actionType, from, to);
  }

  private static Instant instant(MultiValueMap<String, String> query, String name, List<FieldProblem> problems) {
    String value = query.getFirst(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(name, "must be an ISO-8601 instant such as 2026-03-01T00:00:00Z, was '" + value + "'"));
      return null;
    }
  }
}

package com.governedactions.api.alert;

import com.governedactions.alert.AlertKind;
import com.governedactions.alert.AlertPage;
import com.governedactions.alert.AlertStore;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.Roles;
import com.governedactions.directory.PrincipalInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/alerts?kind=&limit=&cursor=}: unusual-activity alerts, newest first. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {
  static final int DEFAULT_LIMIT = 50;
  private static final Set<String> KNOWN = Set.of("kind", "limit", "cursor");

  private final AlertStore alerts;

  AlertController(AlertStore alerts) {
    this.alerts = alerts;
  }

  @GetMapping
  AlertPage list(@RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Listing alerts", Roles.OPERATOR, Roles.SUPERVISOR, Roles.MANAGER);
    List<FieldProblem> problems = new ArrayList<>();
    query.forEach(
        (name, values) -> {
          if (!KNOWN.contains(name)) {
            problems.add(new FieldProblem(name, "unknown parameter; allowed: cursor, kind, limit"));
          } else if (values.size() > 1) {
            problems.add(new FieldProblem(name, "give it at most once"));
          }
        });
    AlertKind kind = kind(query.getFirst("kind"), problems);
    int limit = limit(query.getFirst("limit"), problems);
    if (!problems.isEmpty()) {
      throw ApiProblem.badRequest("bad-query-parameter", "Invalid query parameter",
          "Fix the query parameters listed in 'errors'.", problems);
    }
    String cursor = query.getFirst("cursor");
    try {
      return alerts.list(kind, limit, cursor == null || cursor.isBlank() ? null : cursor);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("bad-query-parameter", "Invalid query parameter",
          "The cursor is not valid. Pass the nextCursor of a previous page unchanged, or leave it out.",
          List.of(new FieldProblem("cursor", "not a cursor this service issued")));
    }
  }

  private static AlertKind kind(String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return AlertKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = Arrays.stream(AlertKind.values()).map(Enum::name).collect(Collectors.joining(", "));
      problems.add(new FieldProblem("kind", "'" + value + "' is not an alert kind; allowed: " + allowed));
      return null;
    }
  }

  private static int limit(String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= AlertStore.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    problems.add(new FieldProblem("limit", "must be a whole number from 1 to " + AlertStore.MAX_LIMIT + ", was '" + value + "'"));
    return DEFAULT_LIMIT;
  }
}

package com.governedactions.api.alert;

import com.governedactions.alert.AlertKind;
import com.governedactions.alert.AlertPage;
import com.governedactions.alert.AlertStore;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.Roles;
import com.governedactions.directory.PrincipalInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/alerts?kind=&limit=&cursor=}: unusual-activity alerts, newest first. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {
  static final int DEFAULT_LIMIT = PageQuery.DEFAULT_LIMIT;
  private static final Set<String> KNOWN = Set.of("kind", "limit", "cursor");

  private final AlertStore alerts;

  AlertController(AlertStore alerts) {
    this.alerts = alerts;
  }

  @GetMapping
  AlertPage list(@RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Listing alerts", Roles.OPERATOR, Roles.SUPERVISOR, Roles.MANAGER);
    List<FieldProblem> problems = new ArrayList<>();
    PageQuery.checkNames(query, KNOWN, Set.of(), problems);
    AlertKind kind = PageQuery.enumValue(query, "kind", AlertKind.class, problems);
    int limit = PageQuery.limit(query.getFirst("limit"), AlertStore.MAX_LIMIT, problems);
    String cursor = PageQuery.cursor(query, problems);
    PageQuery.requireNoProblems(problems);
    try {
      return alerts.list(kind, limit, cursor);
    } catch (IllegalArgumentException e) {
      throw PageQuery.badCursor();
    }
  }
}

package com.governedactions.api.alert;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.audit.alert.AlertKind;
import com.governedactions.audit.alert.AlertPage;
import com.governedactions.audit.alert.AlertStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "alerts", description = "Unusual-activity alerts.")
class AlertController {
  static final int DEFAULT_LIMIT = PageQuery.DEFAULT_LIMIT;
  private static final Set<String> KNOWN = Set.of("kind", "limit", "cursor");

  private final AlertStore alerts;

  AlertController(AlertStore alerts) {
    this.alerts = alerts;
  }

  @Operation(operationId = "listAlerts", summary = "List unusual-activity alerts, newest first")
  @Parameter(name = "kind", in = ParameterIn.QUERY, description = "Only alerts of this kind.",
      schema = @Schema(implementation = AlertKind.class))
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 200.",
      schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
  @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The nextCursor of the previous page, unchanged.")
  @CallableBy({Roles.OPERATOR, Roles.SUPERVISOR, Roles.MANAGER})
  @ProblemStatuses({403})
  @GetMapping
  AlertPage list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
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

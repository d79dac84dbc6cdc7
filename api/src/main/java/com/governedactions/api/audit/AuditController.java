package com.governedactions.api.audit;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditSearchRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/audit}: operators search the audit trail and export it as CSV (spec section 8). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "The append-only audit trail.")
class AuditController {
  private final AuditSearchRepository search;
  private final AuditCsvExporter exporter;

  AuditController(AuditSearchRepository search, AuditCsvExporter exporter) {
    this.search = search;
    this.exporter = exporter;
  }

  @Operation(operationId = "searchAudit", summary = "Search the audit trail")
  @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only events of actions in this status.",
      schema = @Schema(implementation = ActionStatus.class))
  @Parameter(name = "event", in = ParameterIn.QUERY, description = "Only events of this type.",
      schema = @Schema(implementation = AuditEventType.class))
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "Events at or after this instant (ISO-8601 with an offset).",
      schema = @Schema(type = "string", format = "date-time"))
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "Events before this instant, later than from.",
      schema = @Schema(type = "string", format = "date-time"))
  @Parameter(name = "conversationId", in = ParameterIn.QUERY, description = "Only events of this conversation.")
  @Parameter(name = "actionType", in = ParameterIn.QUERY, description = "Only events of actions of this type.")
  @Parameter(name = "actor", in = ParameterIn.QUERY, description = "Only events by this actor id.")
  @Parameter(name = "customerId", in = ParameterIn.QUERY, description = "Only events of this customer.")
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 500.",
      schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
  @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The nextCursor of the previous page, unchanged.")
  @CallableBy({Roles.OPERATOR})
  @ProblemStatuses({403})
  @GetMapping
  AuditPage search(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Searching the audit trail", Roles.OPERATOR);
    AuditQuery filter = AuditQueryParameters.parse(query, false);
    try {
      return search.search(filter);
    } catch (IllegalArgumentException e) {
      throw AuditQueryParameters.badCursor(); // the only fault left after parsing
    }
  }

  /**
   * Streams every matching row as PostgreSQL writes it into the response. Everything that can be
   * refused is checked first (parameters, then the cursor in {@link AuditCsvExporter#prepare}), while
   * a problem+json answer is still possible.
   */
  @Operation(operationId = "exportAudit", summary = "Export the matching audit events as CSV",
      description = "Streams every matching row; limit caps the rows, every row when absent.")
  @ApiResponse(responseCode = "200", description = "The events as CSV (attachment audit.csv).",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
  @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only events of actions in this status.",
      schema = @Schema(implementation = ActionStatus.class))
  @Parameter(name = "event", in = ParameterIn.QUERY, description = "Only events of this type.",
      schema = @Schema(implementation = AuditEventType.class))
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "Events at or after this instant (ISO-8601 with an offset).",
      schema = @Schema(type = "string", format = "date-time"))
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "Events before this instant, later than from.",
      schema = @Schema(type = "string", format = "date-time"))
  @Parameter(name = "conversationId", in = ParameterIn.QUERY, description = "Only events of this conversation.")
  @Parameter(name = "actionType", in = ParameterIn.QUERY, description = "Only events of actions of this type.")
  @Parameter(name = "actor", in = ParameterIn.QUERY, description = "Only events by this actor id.")
  @Parameter(name = "customerId", in = ParameterIn.QUERY, description = "Only events of this customer.")
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many rows; every row when absent.",
      schema = @Schema(type = "integer", minimum = "1"))
  @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The nextCursor of the previous page, unchanged.")
  @CallableBy({Roles.OPERATOR})
  @ProblemStatuses({403})
  @GetMapping("/export.csv")
  void export(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @CurrentPrincipal PrincipalInfo caller,
      HttpServletResponse response)
      throws IOException {
    Roles.requireAny(caller, "Exporting the audit trail", Roles.OPERATOR);
    AuditQuery filter = AuditQueryParameters.parse(query, true);
    AuditCsvExporter.Export export;
    try {
      export = exporter.prepare(filter);
    } catch (IllegalArgumentException e) {
      throw AuditQueryParameters.badCursor(); // the only fault left after parsing
    }
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"");
    export.writeTo(response.getOutputStream());
  }
}

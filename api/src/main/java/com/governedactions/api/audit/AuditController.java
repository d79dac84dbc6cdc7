package com.governedactions.api.audit;

import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.Roles;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditSearchRepository;
import com.governedactions.directory.PrincipalInfo;
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
class AuditController {
  private final AuditSearchRepository search;
  private final AuditCsvExporter exporter;

  AuditController(AuditSearchRepository search, AuditCsvExporter exporter) {
    this.search = search;
    this.exporter = exporter;
  }

  @GetMapping
  AuditPage search(@RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
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
  @GetMapping("/export.csv")
  void export(
      @RequestParam MultiValueMap<String, String> query,
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

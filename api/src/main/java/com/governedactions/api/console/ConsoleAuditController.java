package com.governedactions.api.console;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.Roles;
import com.governedactions.api.audit.AuditQueryParameters;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditSearchRepository;
import com.governedactions.audit.AuditVerifier;
import com.governedactions.directory.PrincipalDirectory;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operators' audit page: the search of {@code GET /api/v1/audit} with every filter and its
 * keyset paging, the CSV export of the same filter, and the chain verification of {@code GET
 * /api/v1/audit/verify}. The same parameter parser as the API, so a misspelled or malformed filter
 * is refused in the API's words and searches (or exports) nothing. The export rides the console
 * session: no token in a URL.
 */
@Controller
class ConsoleAuditController {
  private final PrincipalDirectory directory;
  private final AuditSearchRepository search;
  private final AuditCsvExporter exporter;
  private final AuditVerifier verifier;

  ConsoleAuditController(PrincipalDirectory directory, AuditSearchRepository search, AuditCsvExporter exporter,
      AuditVerifier verifier) {
    this.directory = directory;
    this.search = search;
    this.exporter = exporter;
    this.verifier = verifier;
  }

  @GetMapping("/console/audit")
  String page(@RequestParam MultiValueMap<String, String> query, Authentication signedIn, Model model,
      HttpServletResponse response) {
    operator(signedIn, model, "The audit page");
    MultiValueMap<String, String> filter = ConsoleForms.filled(query);
    model.addAttribute("filter", filter.toSingleValueMap());
    model.addAttribute("statuses", ActionStatus.values());
    model.addAttribute("events", AuditEventType.values());
    try {
      AuditPage page = search.search(AuditQueryParameters.parse(filter, false));
      model.addAttribute("page", page);
      if (page.nextCursor() != null) {
        MultiValueMap<String, String> next = new LinkedMultiValueMap<>(filter);
        next.set("cursor", page.nextCursor());
        model.addAttribute("nextUrl", ConsoleForms.url("/console/audit", next));
      }
      MultiValueMap<String, String> export = new LinkedMultiValueMap<>(filter);
      export.remove("cursor");
      export.remove("limit");
      model.addAttribute("exportUrl", ConsoleForms.url("/console/audit/export.csv", export));
    } catch (ApiProblem problem) {
      ConsoleForms.refuse(problem, model, response);
    } catch (IllegalArgumentException e) {
      ConsoleForms.refuse(AuditQueryParameters.badCursor(), model, response);
    }
    return "console/audit";
  }

  /** Every matching row as CSV, streamed; checked whole first, while a refusal page is possible. */
  @GetMapping("/console/audit/export.csv")
  void export(@RequestParam MultiValueMap<String, String> query, Authentication signedIn, HttpServletResponse response)
      throws IOException {
    operator(signedIn, null, "Exporting the audit trail");
    AuditQuery filter = AuditQueryParameters.parse(ConsoleForms.filled(query), true);
    AuditCsvExporter.Export export;
    try {
      export = exporter.prepare(filter);
    } catch (IllegalArgumentException e) {
      throw AuditQueryParameters.badCursor();
    }
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\"");
    export.writeTo(response.getOutputStream());
  }

  @GetMapping("/console/audit/verify")
  String verify(Authentication signedIn, Model model) {
    operator(signedIn, model, "Verifying the audit trail");
    model.addAttribute("verification", verifier.verify());
    return "console/audit-verify";
  }

  private PrincipalInfo operator(Authentication signedIn, Model model, String what) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    if (model != null) {
      model.addAttribute("me", me);
    }
    if (!me.hasAnyRole(List.of(Roles.OPERATOR))) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
          what + " needs the role " + Roles.OPERATOR + "; '" + me.id() + "' has " + me.roles() + ".");
    }
    return me;
  }

}

package com.governedactions.api.console;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.Roles;
import com.governedactions.audit.alert.AlertKind;
import com.governedactions.audit.alert.AlertPage;
import com.governedactions.audit.alert.AlertStore;
import com.governedactions.directory.PrincipalDirectory;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The alerts page: {@code GET /api/v1/alerts} in a page, newest first, with its kind filter and
 * keyset paging (the next-page link keeps the filter), each alert linked to the actions it names.
 * The same parameters and the same refusals as the API: a bad kind or cursor lists nothing.
 */
@Controller
class ConsoleAlertsController {
  static final List<String> READERS = List.of(Roles.OPERATOR, Roles.SUPERVISOR, Roles.MANAGER);
  /** Linked actions shown per alert; the rest are counted. */
  static final int LINKS = 5;
  private static final Set<String> KNOWN = Set.of("kind", "limit", "cursor");

  private final PrincipalDirectory directory;
  private final AlertStore alerts;

  ConsoleAlertsController(PrincipalDirectory directory, AlertStore alerts) {
    this.directory = directory;
    this.alerts = alerts;
  }

  @GetMapping("/console/alerts")
  String page(@RequestParam MultiValueMap<String, String> query, Authentication signedIn, Model model,
      HttpServletResponse response) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    model.addAttribute("me", me);
    ConsoleForms.requireAny(me, "The alerts page", READERS);
    MultiValueMap<String, String> filter = ConsoleForms.filled(query);
    model.addAttribute("filter", filter.toSingleValueMap());
    model.addAttribute("kinds", AlertKind.values());
    model.addAttribute("links", LINKS);
    try {
      List<FieldProblem> problems = new ArrayList<>();
      PageQuery.checkNames(filter, KNOWN, Set.of(), problems);
      AlertKind kind = PageQuery.enumValue(filter, "kind", AlertKind.class, problems);
      int limit = PageQuery.limit(filter.getFirst("limit"), AlertStore.MAX_LIMIT, problems);
      String cursor = PageQuery.cursor(filter, problems);
      PageQuery.requireNoProblems(problems);
      AlertPage page;
      try {
        page = alerts.list(kind, limit, cursor);
      } catch (IllegalArgumentException e) {
        throw PageQuery.badCursor();
      }
      model.addAttribute("page", page);
      if (page.nextCursor() != null) {
        MultiValueMap<String, String> next = new LinkedMultiValueMap<>(filter);
        next.set("cursor", page.nextCursor());
        model.addAttribute("nextUrl", ConsoleForms.url("/console/alerts", next));
      }
    } catch (ApiProblem problem) {
      ConsoleForms.refuse(problem, model, response);
    }
    return "console/alerts";
  }
}

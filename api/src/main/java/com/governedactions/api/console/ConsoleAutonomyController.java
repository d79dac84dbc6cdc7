package com.governedactions.api.console;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.Roles;
import com.governedactions.api.autonomy.AutonomyWindow;
import com.governedactions.autonomy.AutonomyAdvisor;
import com.governedactions.autonomy.AutonomyReport;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActionType;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.PolicyVersion;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The autonomy page: the evidence per path and the suggestions of {@code GET /api/v1/autonomy},
 * over the same window parsed by the same {@link AutonomyWindow}, and the "Propose" of {@code POST
 * /api/v1/autonomy/suggestions/{id}/propose} with its outcomes (unknown, outdated, invalid, the new
 * version) shown on the page. Proposing never applies a policy: validation and dual control apply.
 */
@Controller
class ConsoleAutonomyController {
  static final List<String> READERS = List.of(Roles.POLICY_ADMIN, Roles.SUPERVISOR, Roles.MANAGER);
  static final List<String> PROPOSERS = List.of(Roles.POLICY_ADMIN);

  private final PrincipalDirectory directory;
  private final AutonomyAdvisor advisor;
  private final ActionCatalog catalog;
  private final Clock clock = Clock.systemUTC();

  ConsoleAutonomyController(PrincipalDirectory directory, AutonomyAdvisor advisor, ActionCatalog catalog) {
    this.directory = directory;
    this.advisor = advisor;
    this.catalog = catalog;
  }

  @GetMapping("/console/autonomy")
  String page(@RequestParam MultiValueMap<String, String> query, Authentication signedIn, Model model,
      HttpServletResponse response) {
    PrincipalInfo me = allowed(signedIn, model, "The autonomy page", READERS);
    return render(ConsoleForms.filled(query), me, model, response);
  }

  /** The window fields come back as hidden inputs, so the page shows the same evidence again. */
  @PostMapping("/console/autonomy/suggestions/{id}/propose")
  String propose(@PathVariable String id, @RequestParam MultiValueMap<String, String> form, Authentication signedIn,
      Model model, HttpServletResponse response) {
    PrincipalInfo me = allowed(signedIn, model, "Proposing a policy change", PROPOSERS);
    model.addAttribute("proposedId", id);
    try {
      Optional<PolicyVersion> version = advisor.propose(id, me.id());
      if (version.isEmpty()) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("proposalProblem", "No recent reading of the evidence gave suggestion '" + id
            + "' (suggestions are kept in memory): read the evidence again and propose from there.");
      } else {
        model.addAttribute("proposed", version.get());
      }
    } catch (AutonomyAdvisor.SuggestionOutdated e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      model.addAttribute("proposalProblem", e.getMessage());
    } catch (PolicyValidationException e) {
      response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
      model.addAttribute("proposalProblem",
          "The patched policy has " + e.problems().size() + " problem(s); nothing was stored.");
      model.addAttribute("proposalProblems", e.problems());
    }
    MultiValueMap<String, String> window = new LinkedMultiValueMap<>(ConsoleForms.filled(form));
    window.remove("_csrf");
    int status = response.getStatus();
    String view = render(window, me, model, response);
    response.setStatus(status);
    return view;
  }

  private String render(MultiValueMap<String, String> query, PrincipalInfo me, Model model,
      HttpServletResponse response) {
    model.addAttribute("filter", query.toSingleValueMap());
    model.addAttribute("types", catalog.all().stream().map(ActionType::name).sorted().toList());
    model.addAttribute("canPropose", me.hasAnyRole(PROPOSERS));
    try {
      AutonomyWindow window = AutonomyWindow.parse(query, catalog, advisor.defaultWindow(),
          clock.instant().truncatedTo(ChronoUnit.SECONDS));
      AutonomyReport report = advisor.report(window.actionType(), window.from(), window.to());
      model.addAttribute("report", report);
      model.addAttribute("suggestions", Stream.concat(report.suggestions().stream(), report.regressions().stream()).toList());
    } catch (ApiProblem problem) {
      ConsoleForms.refuse(problem, model, response);
    }
    return "console/autonomy";
  }

  private PrincipalInfo allowed(Authentication signedIn, Model model, String what, List<String> roles) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    model.addAttribute("me", me);
    ConsoleForms.requireAny(me, what, roles);
    return me;
  }
}

package com.governedactions.api.console;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.Roles;
import com.governedactions.api.policy.DraftSimulation;
import com.governedactions.api.policy.PolicyDiff;
import com.governedactions.api.policy.PolicyRefusals;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyChangeRefused;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyProblem;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.PolicyVersion;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The policy pages: the active version and the history ({@code GET /api/v1/policy},
 * {@code /versions}), one version with its diff ({@code /versions/{v}}), approve and reject under
 * dual control ({@code POST /versions/{v}/approve|reject}), and the editor, which validates a draft
 * as {@code PUT} does, shows each problem at its line and column, simulates it as {@code POST
 * /simulate} does before anything is saved, and saves it through {@code PUT}'s service. Policy
 * admins only.
 */
@Controller
class ConsolePolicyController {
  static final List<String> ADMINS = List.of(Roles.POLICY_ADMIN);
  static final Duration SIMULATED_WINDOW = Duration.ofDays(30);
  private static final PolicyProblem EMPTY =
      new PolicyProblem(null, "policy", null, null, "the policy document is empty: write its rules");

  private final PrincipalDirectory directory;
  private final PolicyAdministration policy;
  private final DraftSimulation drafts;
  private final Clock clock = Clock.systemUTC();

  ConsolePolicyController(PrincipalDirectory directory, PolicyAdministration policy, PolicyCompiler compiler,
      ActivePolicy activePolicy, PolicySimulator simulator) {
    this.directory = directory;
    this.policy = policy;
    this.drafts = new DraftSimulation(compiler, activePolicy, simulator);
  }

  @GetMapping("/console/policy")
  String page(Authentication signedIn, Model model) {
    admin(signedIn, model, "The policy page");
    model.addAttribute("active", policy.active());
    model.addAttribute("versions", policy.versions());
    model.addAttribute("dualControl", policy.dualControl());
    return "console/policy";
  }

  @GetMapping("/console/policy/versions/{version}")
  String version(@PathVariable long version, Authentication signedIn, Model model) {
    PrincipalInfo me = admin(signedIn, model, "A policy version");
    return versionPage(version, me, model);
  }

  @PostMapping("/console/policy/versions/{version}/approve")
  String approve(@PathVariable long version, Authentication signedIn, Model model, HttpServletResponse response) {
    PrincipalInfo me = admin(signedIn, model, "Approving a policy version");
    try {
      PolicyVersion approved = policy.approve(version, me.id());
      model.addAttribute("notice", "Version " + approved.version() + " approved by " + me.id() + ": it is "
          + approved.status() + " now.");
    } catch (PolicyChangeRefused e) {
      refused(PolicyRefusals.of(e), model, response);
    }
    return versionPage(version, me, model);
  }

  @PostMapping("/console/policy/versions/{version}/reject")
  String reject(@PathVariable long version, @RequestParam(required = false) String reason, Authentication signedIn,
      Model model, HttpServletResponse response) {
    PrincipalInfo me = admin(signedIn, model, "Rejecting a policy version");
    try {
      PolicyVersion rejected =
          policy.reject(version, me.id(), PolicyRefusals.requireReason(reason, "write why in the reason field"));
      model.addAttribute("notice", "Version " + rejected.version() + " rejected by " + me.id()
          + ": it never becomes active.");
    } catch (PolicyChangeRefused e) {
      refused(PolicyRefusals.of(e), model, response);
    } catch (ApiProblem e) {
      refused(e, model, response);
    }
    return versionPage(version, me, model);
  }

  @GetMapping("/console/policy/edit")
  String editor(Authentication signedIn, Model model, HttpServletResponse response) {
    admin(signedIn, model, "The policy editor");
    return editorPage(policy.active().document(), List.of(), null, null, model, response);
  }

  /** Validates the draft as saving would, then replays the window against it; stores nothing. */
  @PostMapping("/console/policy/simulate")
  String simulate(@RequestParam(name = "document", defaultValue = "") String sent,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      Authentication signedIn, Model model, HttpServletResponse response) {
    admin(signedIn, model, "Simulating a policy");
    String document = asTyped(sent);
    List<PolicyProblem> problems = problems(document);
    if (problems.isEmpty()) {
      List<FieldProblem> window = new ArrayList<>();
      Instant end = instant("to", to, clock.instant().truncatedTo(ChronoUnit.SECONDS), window);
      Instant start = instant("from", from, end.minus(SIMULATED_WINDOW), window);
      if (window.isEmpty() && !start.isBefore(end)) {
        window.add(new FieldProblem("to", "must be later than from (" + start + ")"));
      }
      if (window.isEmpty()) {
        model.addAttribute("simulation", drafts.simulate(document, start, end, DraftSimulation.DEFAULT_EXAMPLES));
      } else {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("windowProblems", window);
      }
    }
    return editorPage(document, problems, from, to, model, response);
  }

  /** Saves through PUT's service: active at once, or PENDING for a second admin under dual control. */
  @PostMapping("/console/policy/save")
  String save(@RequestParam(name = "document", defaultValue = "") String sent,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      Authentication signedIn, Model model, HttpServletResponse response) {
    PrincipalInfo me = admin(signedIn, model, "Changing the policy");
    String document = asTyped(sent);
    List<PolicyProblem> problems = List.of();
    if (document.isBlank()) {
      problems = List.of(EMPTY);
    } else {
      try {
        PolicyVersion stored = policy.submit(document, "yaml", me.id());
        response.setStatus(stored.status() == PolicyVersion.Status.PENDING
            ? HttpStatus.ACCEPTED.value() : HttpStatus.OK.value());
        model.addAttribute("saved", stored);
      } catch (PolicyValidationException e) {
        problems = e.details();
      }
    }
    return editorPage(document, problems, from, to, model, response);
  }

  /**
   * A browser sends a textarea's line breaks as CR LF (HTML's form encoding); the author typed
   * lines, so the stored document has the LF line breaks the API and the diffs use.
   */
  private static String asTyped(String document) {
    return document.replace("\r\n", "\n");
  }

  /** What saving would refuse, checked the same way; empty when the draft is valid. */
  private List<PolicyProblem> problems(String document) {
    if (document.isBlank()) {
      return List.of(EMPTY);
    }
    try {
      policy.validate(document);
      return List.of();
    } catch (PolicyValidationException e) {
      return e.details();
    }
  }

  /** The draft as sent, in the textarea and line by line, with its problems (422 when there are any). */
  private String editorPage(String document, List<PolicyProblem> problems, String from, String to, Model model,
      HttpServletResponse response) {
    if (!problems.isEmpty()) {
      response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
    }
    model.addAttribute("document", document);
    model.addAttribute("from", from);
    model.addAttribute("to", to);
    model.addAttribute("active", policy.active());
    model.addAttribute("dualControl", policy.dualControl());
    model.addAttribute("located", problems.stream().map(DraftLine::located).toList());
    model.addAttribute("lines", DraftLine.of(document, problems));
    return "console/policy-edit";
  }

  private String versionPage(long version, PrincipalInfo me, Model model) {
    List<PolicyVersion> all = policy.versions();
    Map<Long, String> documents = new HashMap<>();
    all.forEach(v -> documents.put(v.version(), v.document()));
    PolicyVersion shown = all.stream().filter(v -> v.version() == version).findFirst()
        .orElseThrow(() -> ApiProblem.notFound("policy-version-not-found", "No such policy version",
            "There is no policy version " + version + ". The policy page lists them."));
    PolicyDiff.Against diff = PolicyDiff.ofVersion(shown, documents);
    model.addAttribute("shown", shown);
    model.addAttribute("diffAgainst", diff.against());
    model.addAttribute("diffLines", diff.diff().lines().toList());
    model.addAttribute("ownVersion", shown.author().equals(me.id()));
    return "console/policy-version";
  }

  private static void refused(ApiProblem problem, Model model, HttpServletResponse response) {
    response.setStatus(problem.status().value());
    model.addAttribute("refusal", problem.getMessage());
  }

  private static Instant instant(String field, String value, Instant otherwise, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, "must be an ISO-8601 instant like 2026-11-01T00:00:00Z, was '" + value + "'"));
      return otherwise;
    }
  }

  private PrincipalInfo admin(Authentication signedIn, Model model, String what) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    model.addAttribute("me", me);
    ConsoleForms.requireAny(me, what, ADMINS);
    return me;
  }
}

package com.governedactions.api.autonomy;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.autonomy.AutonomyAdvisor;
import com.governedactions.autonomy.AutonomyReport;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.PolicyVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/autonomy}: approval evidence per actor, action type and amount band, the
 * relaxations and tightenings it supports, and proposing one as a policy version (never applied by
 * itself: the policy's normal path, with validation and dual control).
 */
@RestController
@RequestMapping("/api/v1/autonomy")
@Tag(name = "autonomy", description = "Earned autonomy: where approval is no longer needed, or needed again.")
class AutonomyController {
  private final AutonomyAdvisor advisor;
  private final ActionCatalog catalog;
  private final Clock clock = Clock.systemUTC();

  AutonomyController(AutonomyAdvisor advisor, ActionCatalog catalog) {
    this.advisor = advisor;
    this.catalog = catalog;
  }

  @Operation(operationId = "getAutonomy", summary = "Approval evidence per path, and the policy changes it supports",
      description = "Over the actions created in [from, to): the last governed.autonomy.window (30 days) when absent.")
  @Parameter(name = "actionType", in = ParameterIn.QUERY, description = "Only this action type.")
  @Parameter(name = "from", in = ParameterIn.QUERY, description = "First creation time, inclusive (ISO-8601).",
      schema = @Schema(type = "string", format = "date-time"))
  @Parameter(name = "to", in = ParameterIn.QUERY, description = "End of the window, exclusive (ISO-8601); now when absent.",
      schema = @Schema(type = "string", format = "date-time"))
  @CallableBy({Roles.POLICY_ADMIN, Roles.SUPERVISOR, Roles.MANAGER})
  @ProblemStatuses({400, 403})
  @GetMapping
  AutonomyReport report(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query,
      @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Reading autonomy evidence", Roles.POLICY_ADMIN, Roles.SUPERVISOR, Roles.MANAGER);
    AutonomyWindow window = AutonomyWindow.parse(query, catalog, advisor.defaultWindow(), clock.instant());
    return advisor.report(window.actionType(), window.from(), window.to());
  }

  @Operation(operationId = "proposeAutonomySuggestion", summary = "Submit a suggestion as a new policy version",
      description = "Through the normal policy path: validated whole, active at once or PENDING under dual control."
          + " 404 for an id no recent GET /autonomy gave; 409 when the active policy version changed since.")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403, 404, 409, 422})
  @PostMapping("/suggestions/{id}/propose")
  ResponseEntity<ProposedVersion> propose(@PathVariable String id, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Proposing a policy change", Roles.POLICY_ADMIN);
    PolicyVersion version;
    try {
      version = advisor.propose(id, caller.id()).orElseThrow(() -> ApiProblem.notFound("unknown-suggestion",
          "Unknown suggestion", "No recent GET /api/v1/autonomy gave suggestion '" + id + "': read it again."));
    } catch (AutonomyAdvisor.SuggestionOutdated e) {
      throw ApiProblem.conflict("outdated-suggestion", "Outdated suggestion", e.getMessage());
    } catch (PolicyValidationException e) {
      throw ApiProblem.invalid("invalid-policy", "Invalid policy",
          "The patched policy has " + e.problems().size() + " problem(s); nothing was stored.",
          e.problems().stream().map(p -> new FieldProblem("policy", p)).toList());
    }
    HttpStatus status = version.status() == PolicyVersion.Status.PENDING ? HttpStatus.ACCEPTED : HttpStatus.OK;
    return ResponseEntity.status(status).body(new ProposedVersion(version.version(), version.status(), version.author()));
  }

  /** The policy version a suggestion became; read it whole at GET /api/v1/policy/versions/{version}. */
  record ProposedVersion(long version, PolicyVersion.Status status, String author) {}
}

package com.governedactions.api.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.SimulationReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/policy/simulate} (spec section 8): back-tests a draft policy against the
 * recorded requests of a time range, compared with the active policy. Changes nothing.
 */
@RestController
@Tag(name = "policy", description = "The rules policy, its versions under dual control, and simulation.")
class PolicySimulationController {
  static final int DEFAULT_EXAMPLES = DraftSimulation.DEFAULT_EXAMPLES;
  static final int MAX_EXAMPLES = 20;

  private final DraftSimulation drafts;

  PolicySimulationController(PolicyCompiler compiler, ActivePolicy activePolicy, PolicySimulator simulator) {
    this.drafts = new DraftSimulation(compiler, activePolicy, simulator);
  }

  /**
   * @param policy the draft: a policy document as a JSON object, or its YAML/JSON text as a string
   * @param from first creation time replayed, inclusive
   * @param to end of the range, exclusive
   * @param examples action ids listed per change, 0 to 20; 3 when absent
   */
  record SimulationBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The draft policy: a JSON object, or its YAML"
          + " or JSON text as a string.") JsonNode policy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant from,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant to,
      @Schema(minimum = "0", maximum = "" + MAX_EXAMPLES, defaultValue = "" + DEFAULT_EXAMPLES) Integer examples) {}

  @Operation(operationId = "simulatePolicy", summary = "Replay past actions against a draft policy",
      description = "Nothing is activated: answers which decisions the draft would change, with examples.")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403, 422})
  @PostMapping("/api/v1/policy/simulate")
  SimulationReport simulate(@RequestBody SimulationBody body, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Simulating a policy", Roles.POLICY_ADMIN);
    List<FieldProblem> problems = new ArrayList<>();
    String source = source(body.policy(), problems);
    if (body.from() == null) {
      problems.add(new FieldProblem("from", "required: the first creation time to replay, e.g. 2026-03-01T00:00:00Z"));
    }
    if (body.to() == null) {
      problems.add(new FieldProblem("to", "required: the end of the range (exclusive), e.g. 2026-03-08T00:00:00Z"));
    }
    if (body.from() != null && body.to() != null && !body.from().isBefore(body.to())) {
      problems.add(new FieldProblem("to", "must be later than from (" + body.from() + ")"));
    }
    int examples = body.examples() == null ? DEFAULT_EXAMPLES : body.examples();
    if (examples < 0 || examples > MAX_EXAMPLES) {
      problems.add(new FieldProblem("examples", "must be between 0 and " + MAX_EXAMPLES + ", was " + examples));
    }
    if (!problems.isEmpty()) {
      throw ApiProblem.invalid("invalid-simulation", "Invalid simulation request",
          "The simulation request has " + problems.size() + " problem(s); see errors.", problems);
    }
    try {
      return drafts.simulate(source, body.from(), body.to(), examples);
    } catch (PolicyValidationException e) {
      List<DraftProblem> located = e.problems().stream().map(DraftProblem::of).toList();
      throw ApiProblem.invalid("invalid-policy", "Invalid policy",
              "The draft policy has " + located.size() + " problem(s); each names its rule and, for a condition,"
                  + " the line and column inside its when.",
              e.problems().stream().map(p -> new FieldProblem("policy", p)).toList())
          .with("problems", located);
    }
  }

  private static String source(JsonNode policy, List<FieldProblem> problems) {
    if (policy == null || policy.isNull() || policy.isMissingNode()) {
      problems.add(new FieldProblem("policy", "required: the draft policy document, as an object or as YAML text"));
      return null;
    }
    if (policy.isTextual()) {
      return policy.asText();
    }
    if (policy.isObject()) {
      return policy.toString(); // JSON is YAML: the compiler reads either
    }
    problems.add(new FieldProblem("policy", "must be a policy document object or its YAML text, was " + policy.getNodeType()));
    return null;
  }
}

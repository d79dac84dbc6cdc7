package com.governedactions.api.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.api.policy.PolicyViews.PolicyView;
import com.governedactions.api.policy.PolicyViews.ProblemView;
import com.governedactions.api.policy.PolicyViews.VersionView;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyChangeRefused;
import com.governedactions.policy.PolicyProblem;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.PolicyVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/policy}: the active policy, a new version, the history with diffs, and under dual
 * control the second admin's approval (spec section 8). Policy admins only.
 *
 * <p>PUT takes the document itself as the body: {@code Content-Type: application/yaml} (also
 * {@code application/x-yaml}, {@code text/yaml}) or {@code application/json}. It is validated whole
 * before anything is stored; a refusal is a 422 listing every problem with its rule, line and column.
 */
@RestController
@RequestMapping("/api/v1/policy")
@Tag(name = "policy", description = "The rules policy, its versions under dual control, and simulation.")
class PolicyController {
  static final List<MediaType> YAML_TYPES =
      List.of(MediaType.parseMediaType("application/yaml"), MediaType.parseMediaType("application/x-yaml"),
          MediaType.parseMediaType("text/yaml"));
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final PolicyAdministration policy;

  PolicyController(PolicyAdministration policy) {
    this.policy = policy;
  }

  @Operation(operationId = "getPolicy", summary = "The active policy")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403})
  @GetMapping
  PolicyView active(@CurrentPrincipal PrincipalInfo caller) {
    requireAdmin(caller, "Reading the policy");
    return PolicyView.of(policy.active());
  }

  @Operation(operationId = "replacePolicy", summary = "Submit a new policy version",
      description = "The whole document, validated whole before anything is stored: 200 when it is active, 202 when"
          + " it waits for a second admin (dual control). A refusal is a 422 listing every problem with its rule,"
          + " line and column.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
          @Content(mediaType = "application/yaml", schema = @Schema(type = "string")),
          @Content(mediaType = "application/x-yaml", schema = @Schema(type = "string")),
          @Content(mediaType = "text/yaml", schema = @Schema(type = "string")),
          @Content(mediaType = "application/json", schema = @Schema(type = "object"))}))
  @ApiResponse(responseCode = "200", description = "Active now.")
  @ApiResponse(responseCode = "202", description = "Stored as PENDING: another policy admin approves or rejects it.")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403, 422})
  @PutMapping(consumes = MediaType.ALL_VALUE)
  ResponseEntity<PolicyView> replace(
      @RequestBody(required = false) byte[] body,
      @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @CurrentPrincipal PrincipalInfo caller) {
    requireAdmin(caller, "Changing the policy");
    String format = format(contentType);
    String document = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    if (document.isBlank()) {
      throw ApiProblem.badRequest("missing-body", "Policy document required",
          "Send the whole policy document as the body, as YAML (Content-Type: application/yaml) or JSON"
              + " (Content-Type: application/json).", List.of());
    }
    if (format.equals("json")) {
      requireJsonObject(document);
    }
    PolicyVersion stored;
    try {
      stored = policy.submit(document, format, caller.id());
    } catch (PolicyValidationException e) {
      throw refused(e.details());
    }
    HttpStatus status = stored.status() == PolicyVersion.Status.PENDING ? HttpStatus.ACCEPTED : HttpStatus.OK;
    return ResponseEntity.status(status).body(PolicyView.of(stored));
  }

  @Operation(operationId = "listPolicyVersions", summary = "Every policy version, with its diff to the one before")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403})
  @GetMapping("/versions")
  List<VersionView> versions(@CurrentPrincipal PrincipalInfo caller) {
    requireAdmin(caller, "Reading the policy versions");
    List<PolicyVersion> all = policy.versions();
    Map<Long, String> documents = new HashMap<>();
    all.forEach(v -> documents.put(v.version(), v.document()));
    List<VersionView> views = new ArrayList<>(all.size());
    for (PolicyVersion v : all) {
      PolicyDiff.Against diff = PolicyDiff.ofVersion(v, documents);
      views.add(new VersionView(
          v.version(), v.status(), v.author(), v.createdAt(), v.activatedAt(), v.decidedBy(), v.decidedAt(), v.reason(),
          diff.against(), diff.diff()));
    }
    return views;
  }

  @Operation(operationId = "getPolicyVersion", summary = "One policy version")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403, 404})
  @GetMapping("/versions/{version}")
  PolicyView version(@PathVariable long version, @CurrentPrincipal PrincipalInfo caller) {
    requireAdmin(caller, "Reading a policy version");
    return PolicyView.of(policy.version(version).orElseThrow(() -> notFound(version)));
  }

  @Operation(operationId = "approvePolicyVersion", summary = "Approve a pending policy version (dual control)",
      description = "Activates it. 409 when it is not pending or another version was activated since.")
  @CallableBy(value = {Roles.POLICY_ADMIN}, also = "not the author of the version")
  @ProblemStatuses({403, 404, 409})
  @PostMapping("/versions/{version}/approve")
  PolicyView approve(@PathVariable long version, @CurrentPrincipal PrincipalInfo caller) {
    requireAdmin(caller, "Approving a policy version");
    try {
      return PolicyView.of(policy.approve(version, caller.id()));
    } catch (PolicyChangeRefused e) {
      throw PolicyRefusals.of(e);
    }
  }

  @Operation(operationId = "rejectPolicyVersion", summary = "Reject a pending policy version",
      description = "Needs a reason.")
  @CallableBy({Roles.POLICY_ADMIN})
  @ProblemStatuses({403, 404, 409, 422})
  @PostMapping("/versions/{version}/reject")
  PolicyView reject(
      @PathVariable long version,
      @RequestBody(required = false) RejectBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    requireAdmin(caller, "Rejecting a policy version");
    String reason = PolicyRefusals.requireReason(body == null ? null : body.reason(), "send {\"reason\": \"...\"}");
    try {
      return PolicyView.of(policy.reject(version, caller.id(), reason));
    } catch (PolicyChangeRefused e) {
      throw PolicyRefusals.of(e);
    }
  }

  @Schema(name = "PolicyRejectBody")
  record RejectBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1,
          description = "Why the version is rejected.") String reason) {}

  private static void requireAdmin(PrincipalInfo caller, String what) {
    Roles.requireAny(caller, what, Roles.POLICY_ADMIN);
  }

  /** The content-type contract of PUT: YAML or JSON, said so, never guessed. */
  private static String format(String contentType) {
    MediaType type = parse(contentType);
    if (type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return "json";
    }
    if (type != null && YAML_TYPES.stream().anyMatch(y -> y.isCompatibleWith(type))) {
      return "yaml";
    }
    throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported policy format",
        "Send the policy document as YAML with Content-Type: application/yaml, or as JSON with Content-Type:"
            + " application/json" + (contentType == null ? "; the request had no Content-Type." : "; got " + contentType + "."));
  }

  private static MediaType parse(String contentType) {
    try {
      return contentType == null ? null : MediaType.parseMediaType(contentType);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A JSON body must be JSON: the YAML reader would accept more than the content type promises. */
  private static void requireJsonObject(String document) {
    JsonNode node;
    try {
      node = STRICT_JSON.readTree(document);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw refused(List.of(new PolicyProblem(null, "policy", at == null ? null : at.getLineNr(),
          at == null ? null : at.getColumnNr(), "not valid JSON: " + e.getOriginalMessage())));
    }
    if (node == null || !node.isObject()) {
      throw refused(List.of(new PolicyProblem(null, "policy", 1, 1,
          "the policy must be a JSON object with \"rules\" (and optionally \"permissions\")")));
    }
  }

  private static ApiProblem refused(List<PolicyProblem> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return ApiProblem.invalid("invalid-policy", "Invalid policy",
            "The policy was refused with " + count + "; nothing changed. Fix each one and send the document again.",
            List.of())
        .with("errors", problems.stream().map(ProblemView::of).toList());
  }

  private static ApiProblem notFound(long version) {
    return ApiProblem.notFound("policy-version-not-found", "No such policy version",
        "There is no policy version " + version + ". GET /api/v1/policy/versions lists them.");
  }
}

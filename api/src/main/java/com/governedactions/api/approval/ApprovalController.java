package com.governedactions.api.approval;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.audit.ApprovalQueuePage;
import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.directory.PrincipalDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/approvals?status=pending}: the actions waiting for a human decision, oldest
 * first, with tier, roles, SLA deadline, time left and a breached flag (spec section 8). Served from
 * PostgreSQL; no workflow is queried.
 *
 * <p>Without {@code role} a caller sees what their own roles may decide now; {@code role=MANAGER}
 * (repeatable, or comma-separated) shows another tier's queue, e.g. a manager watching what will
 * escalate to them.
 */
@RestController
@RequestMapping("/api/v1/approvals")
@Tag(name = "approvals", description = "The queue of actions waiting for a human decision.")
class ApprovalController {
  static final int DEFAULT_LIMIT = PageQuery.DEFAULT_LIMIT;
  private static final Set<String> KNOWN = Set.of("status", "role", "limit", "cursor");
  private static final String PENDING = "pending";

  private final ApprovalQueueRepository queue;
  private final PrincipalDirectory directory;

  ApprovalController(ApprovalQueueRepository queue, PrincipalDirectory directory) {
    this.queue = queue;
    this.directory = directory;
  }

  @Operation(operationId = "listApprovals", summary = "The approvals queue, oldest first",
      description = "Actions waiting for a decision, with tier, roles, SLA deadline, time left and a breached flag."
          + " Without role: what the caller's own roles may decide now.")
  @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only pending is supported (the default).",
      schema = @Schema(type = "string", allowableValues = {"pending"}))
  @Parameter(name = "role", in = ParameterIn.QUERY, description = "Another tier's queue: a role name held by a"
      + " configured principal, repeatable or comma-separated.", explode = Explode.TRUE,
      array = @ArraySchema(schema = @Schema(type = "string")))
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 200.",
      schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
  @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The nextCursor of the previous page, unchanged.")
  @CallableBy({Roles.SUPERVISOR, Roles.MANAGER})
  @ProblemStatuses({403})
  @GetMapping
  ApprovalQueuePage pending(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "The approvals queue", Roles.SUPERVISOR, Roles.MANAGER);
    List<FieldProblem> problems = new ArrayList<>();
    PageQuery.checkNames(query, KNOWN, Set.of("role"), problems);
    String status = query.getFirst("status");
    if (status != null && !status.isBlank() && !status.equals(PENDING)) {
      problems.add(new FieldProblem("status", "'" + status + "' is not supported; the queue lists status=" + PENDING));
    }
    List<String> roles = roles(query.get("role"), caller, problems);
    int limit = PageQuery.limit(query.getFirst("limit"), ApprovalQueueRepository.MAX_LIMIT, problems);
    String cursor = PageQuery.cursor(query, problems);
    PageQuery.requireNoProblems(problems);
    try {
      return queue.pending(roles, limit, cursor);
    } catch (IllegalArgumentException e) {
      throw PageQuery.badCursor();
    }
  }

  /**
   * The roles asked for, or the caller's own: a supervisor by default sees what they can decide. A
   * role must be one some configured principal holds, spelled as configured: any other would list
   * nothing and look like an empty queue.
   */
  private List<String> roles(List<String> values, PrincipalInfo caller, List<FieldProblem> problems) {
    if (values == null || values.stream().allMatch(String::isBlank)) {
      return caller.roles();
    }
    Set<String> known = directory.roles();
    Set<String> roles = new LinkedHashSet<>();
    for (String value : values) {
      for (String role : value.split(",")) {
        String name = role.trim();
        if (known.contains(name)) {
          roles.add(name);
        } else if (!name.isEmpty()) {
          problems.add(new FieldProblem("role", "'" + name + "' is not a role here; the roles are "
              + String.join(", ", new TreeSet<>(known))));
        }
      }
    }
    return List.copyOf(roles);
  }
}

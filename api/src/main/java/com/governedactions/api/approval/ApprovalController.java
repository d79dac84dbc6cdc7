package com.governedactions.api.approval;

import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.Roles;
import com.governedactions.audit.ApprovalQueuePage;
import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.directory.PrincipalInfo;
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

  @GetMapping
  ApprovalQueuePage pending(@RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
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

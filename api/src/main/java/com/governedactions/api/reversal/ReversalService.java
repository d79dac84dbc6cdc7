package com.governedactions.api.reversal;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.Roles;
import com.governedactions.api.action.ActionService;
import com.governedactions.api.action.Submission;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.reversal.Reversals;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checks that an action may be reversed now, by this caller, and starts its one reversal: a new
 * governed action of type {@value ActionCatalog#REVERSAL} through the same path as {@code POST
 * /actions}, so its rules, approvals and audit trail are those of any action.
 */
@Service
class ReversalService {
  static final int MAX_REASON = 2000;

  private final ActionService actions;
  private final ActionListRepository list;
  private final Reversals reversals;
  private final JdbcClient jdbc;
  private final Clock clock;

  ReversalService(
      ActionService actions,
      ActionListRepository list,
      Reversals reversals,
      JdbcClient jdbc,
      ObjectProvider<Clock> clocks) {
    this.actions = actions;
    this.list = list;
    this.reversals = reversals;
    this.jdbc = jdbc;
    this.clock = clocks.getIfUnique(Clock::systemUTC);
  }

  ActionState reverse(String actionId, String reason, PrincipalInfo caller) {
    if (reason != null && reason.length() > MAX_REASON) {
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "'reason' is too long: send at most " + MAX_REASON + " characters.",
          List.of(new FieldProblem("reason", "must be at most " + MAX_REASON + " characters")));
    }
    if (!actionId.startsWith("action-") || !ActionIds.isValidRequestId(actionId.substring("action-".length()))) {
      throw notFound(actionId);
    }
    ActionState original = actions.state(actionId);
    boolean submitter = caller.id().equals(original.submittedBy());
    if (!submitter && !caller.hasAnyRole(List.of(Roles.SUPERVISOR))) {
      throw ApiProblem.forbidden("Action " + actionId + " may be reversed by the client that submitted it ('"
          + original.submittedBy() + "') or by a " + Roles.SUPERVISOR + "; '" + caller.id() + "' is neither.");
    }
    String reversalId = Reversals.reversalActionId(original.requestId());
    boolean reversed = list.findById(actionId).map(row -> row.status() == ActionStatus.REVERSED).orElse(false);
    if (reversed) {
      // The workflow ended SUCCEEDED; the list row and GET say REVERSED since, and so does this.
      throw conflict("already-reversed", "Action already reversed",
          "Action " + actionId + " was already reversed by " + reversalId + ".", original, reversalId)
          .with("actionStatus", ActionStatus.REVERSED);
    }
    if (original.status() != ActionStatus.SUCCEEDED) {
      throw conflict("not-reversible", "Action cannot be reversed",
          "Action " + actionId + " is " + original.status() + "; only a SUCCEEDED action can be reversed.",
          original, null);
    }
    Optional<String> irreversible = reversals.whyNotReversible(original.type());
    if (irreversible.isPresent()) {
      throw conflict("not-reversible", "Action cannot be reversed",
          "Action " + actionId + " cannot be reversed: " + irreversible.get() + ".", original, null);
    }
    Instant closesAt = reversals.closesAt(original.type(), original.updatedAt());
    if (clock.instant().isAfter(closesAt)) {
      throw conflict("reversal-window-closed", "Reversal window closed",
          "Action " + actionId + " succeeded at " + original.updatedAt() + "; the reversal window of "
              + readable(reversals.window(original.type())) + " for '" + original.type() + "' closed at " + closesAt + ".",
          original, null);
    }
    existingReversal(reversalId).ifPresent(existing -> {
      throw conflict("already-being-reversed", "A reversal exists",
          "Action " + actionId + " already has its reversal " + reversalId + ", which is " + existing.status()
              + ". An action is reversed at most once.", original, reversalId);
    });

    Submission submission = actions.submit(reversalRequest(original, reason, caller, participants(original)));
    if (submission.outcome() != Submission.Outcome.CREATED) {
      // Another request started it between the check above and this start.
      throw conflict("already-being-reversed", "A reversal exists",
          "Action " + actionId + " already has its reversal " + reversalId + ", which is "
              + submission.state().status() + ".", original, reversalId);
    }
    return submission.state();
  }

  private Optional<ActionState> existingReversal(String reversalId) {
    try {
      return Optional.of(actions.state(reversalId));
    } catch (ApiProblem problem) {
      if (problem.status() == HttpStatus.NOT_FOUND) {
        return Optional.empty();
      }
      throw problem;
    }
  }

  /**
   * Who requested or approved the original: none of them may decide on its reversal, or the person
   * who approved a refund could quietly approve undoing it. Approvals come from the audit trail,
   * which keeps every one (the state shows only those answering the last requirement).
   */
  private List<String> participants(ActionState original) {
    TreeSet<String> people = new TreeSet<>(jdbc.sql(
            "SELECT DISTINCT decided_by FROM governed.audit_event"
                + " WHERE action_id = :id AND event_type = 'APPROVED' AND decided_by IS NOT NULL")
        .param("id", original.actionId())
        .query(String.class)
        .list());
    if (original.approval() != null && original.approval().approvals() != null) {
      original.approval().approvals().forEach(given -> people.add(given.approver()));
    }
    if (original.actor() != null && !original.actor().isAi()) {
      people.add(original.actor().id());
    }
    if (original.submittedBy() != null) {
      people.add(original.submittedBy());
    }
    return List.copyOf(people);
  }

  /** The chat backend relays for the AI that asked for the original; a person acts as themself. */
  private static ActionRequest reversalRequest(
      ActionState original, String reason, PrincipalInfo caller, List<String> participants) {
    Actor actor;
    if (caller.hasAnyRole(List.of(Roles.CHAT_BACKEND))) {
      boolean aiOriginal = original.actor() != null && original.actor().isAi();
      actor = new Actor(ActorType.AI, aiOriginal ? original.actor().id() : caller.id(), List.of());
    } else if (caller.human()) {
      actor = new Actor(ActorType.HUMAN, caller.id(), caller.roles());
    } else {
      throw ApiProblem.forbidden("'" + caller.id() + "' is a service client without the " + Roles.CHAT_BACKEND
          + " role: it cannot request a reversal.");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("originalActionId", original.actionId());
    params.put("originalType", original.type());
    if (reason != null && !reason.isBlank()) {
      params.put("reason", reason);
    }
    return new ActionRequest(
        Reversals.reversalRequestId(original.requestId()),
        ActionCatalog.REVERSAL,
        params,
        actor,
        original.customer(),
        original.conversationId(),
        original.channel(),
        caller.id(),
        participants);
  }

  /** P30D rather than Duration's PT720H. */
  private static String readable(java.time.Duration window) {
    return window.toSeconds() % 86_400 == 0 ? "P" + window.toDays() + "D" : window.toString();
  }

  private static ApiProblem notFound(String actionId) {
    return ApiProblem.notFound("action-not-found", "No such action",
        "There is no action '" + actionId + "'. Use the actionId returned by POST /api/v1/actions.");
  }

  private static ApiProblem conflict(String slug, String title, String detail, ActionState original, String reversalId) {
    ApiProblem problem = ApiProblem.conflict(slug, title, detail)
        .with("actionId", original.actionId())
        .with("actionStatus", original.status());
    return reversalId == null ? problem : problem.with("reversalActionId", reversalId);
  }
}

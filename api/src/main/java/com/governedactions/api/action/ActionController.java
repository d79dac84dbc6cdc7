package com.governedactions.api.action;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.api.ActionLocation;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.Roles;
import com.governedactions.api.TextFields;
import com.governedactions.audit.ActionListFilter;
import com.governedactions.audit.ActionListPage;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.directory.PrincipalInfo;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/actions}: request an action, read it, list them, and decide on one (spec section 8). */
@RestController
@RequestMapping("/api/v1/actions")
class ActionController {
  static final int MAX_TEXT_LENGTH = 2000;
  /** Action ids are the request id behind a fixed prefix; derived so it cannot drift from ActionIds. */
  private static final String ACTION_ID_PREFIX = ActionIds.actionIdFor("x").replaceFirst("x$", "");

  private static final List<String> READERS = List.of(Roles.SUPERVISOR, Roles.MANAGER, Roles.OPERATOR);

  private final ActionService actions;
  private final ActionRequestFactory requests;
  private final ActionListRepository list;

  ActionController(ActionService actions, ActionRequestFactory requests, ActionListRepository list) {
    this.actions = actions;
    this.requests = requests;
    this.list = list;
  }

  @PostMapping
  ResponseEntity<ActionState> submit(@RequestBody SubmitActionBody body, @CurrentPrincipal PrincipalInfo caller) {
    Submission submission = actions.submit(requests.from(body, caller));
    ActionState state = submission.state();
    return switch (submission.outcome()) {
      case CREATED ->
          ResponseEntity.created(ActionLocation.of(state.actionId())).body(state);
      case EXISTING -> ResponseEntity.ok(state);
      case CONFLICT ->
          throw ApiProblem.conflict("request-id-conflict", "requestId already used for a different request",
                  "requestId '" + body.requestId() + "' already belongs to action " + state.actionId()
                      + " with a different request. Repeat that request exactly, or use a new requestId.")
              .with("actionId", state.actionId());
    };
  }

  @GetMapping("/{actionId}")
  ActionState get(@PathVariable String actionId, @CurrentPrincipal PrincipalInfo caller) {
    ActionState state = reversedOrAsIs(actions.state(requireActionId(actionId)));
    // Parameters and customer data are in the state: staff, or the client that submitted it.
    if (!caller.hasAnyRole(READERS) && !caller.id().equals(state.submittedBy())) {
      throw ApiProblem.forbidden("Action " + actionId + " may be read by the client that submitted it or by one of "
          + READERS + "; '" + caller.id() + "' is neither.");
    }
    return state;
  }

  /** A completed run still answers SUCCEEDED after a reversal; the list row knows better. */
  private ActionState reversedOrAsIs(ActionState state) {
    if (state.status() != ActionStatus.SUCCEEDED) {
      return state;
    }
    boolean reversed = list.findById(state.actionId()).map(row -> row.status() == ActionStatus.REVERSED).orElse(false);
    return reversed ? state.withStatus(ActionStatus.REVERSED) : state;
  }

  @GetMapping
  ActionListPage list(@RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Listing actions", Roles.SUPERVISOR, Roles.MANAGER, Roles.OPERATOR);
    ActionListFilter filter = ListQuery.parse(query);
    try {
      return list.find(filter);
    } catch (IllegalArgumentException e) {
      if (filter.cursor() == null) {
        throw e;
      }
      throw PageQuery.badCursor();
    }
  }

  @PostMapping("/{actionId}/confirm")
  ActionState confirm(
      @PathVariable String actionId,
      @RequestBody(required = false) ConfirmBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    requireRelayer(requireActionId(actionId), caller, "confirm");
    return applied(actions.decide(actionId, new HumanInput(HumanInput.Kind.CONFIRM, caller.id(), null)));
  }

  @PostMapping("/{actionId}/cancel")
  ActionState cancel(
      @PathVariable String actionId,
      @RequestBody(required = false) CancelBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String reason = body == null ? null : optionalText("reason", body.reason());
    requireRelayer(requireActionId(actionId), caller, "cancel");
    return applied(actions.decide(actionId, new HumanInput(HumanInput.Kind.CANCEL, caller.id(), reason)));
  }

  @PostMapping("/{actionId}/approve")
  ActionState approve(
      @PathVariable String actionId,
      @RequestBody(required = false) ApproveBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String comment = body == null ? null : optionalText("comment", body.comment());
    return applied(
        actions.decide(requireActionId(actionId), new HumanInput(HumanInput.Kind.APPROVE, caller.id(), comment)));
  }

  @PostMapping("/{actionId}/reject")
  ActionState reject(
      @PathVariable String actionId,
      @RequestBody(required = false) RejectBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String reason = body == null ? null : body.reason();
    if (reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "A rejection needs a reason: send {\"reason\": \"...\"}.",
          List.of(new FieldProblem("reason", "required: why the action is rejected")));
    }
    optionalText("reason", reason);
    return applied(
        actions.decide(requireActionId(actionId), new HumanInput(HumanInput.Kind.REJECT, caller.id(), reason)));
  }

  record ConfirmBody() {}

  record CancelBody(String reason) {}

  record ApproveBody(String comment) {}

  record RejectBody(String reason) {}

  /**
   * Confirm and cancel relay the customer's answer, so only the client that submitted the request
   * may send them: its chat backend, or the person who asked. A run started straight through
   * Temporal has no submitter; any chat backend may relay for it.
   */
  private void requireRelayer(String actionId, PrincipalInfo caller, String verb) {
    String submitter = actions.state(actionId).submittedBy();
    boolean relayer =
        submitter == null ? caller.hasAnyRole(List.of(Roles.CHAT_BACKEND)) : caller.id().equals(submitter);
    if (!relayer) {
      throw ApiProblem.forbidden("Only the client that submitted action " + actionId + " ("
          + (submitter == null ? "a chat backend" : "'" + submitter + "'") + ") may " + verb + " it; '"
          + caller.id() + "' did not.");
    }
  }

  private static ActionState applied(InputOutcome outcome) {
    if (outcome.accepted()) {
      return outcome.state();
    }
    ApiProblem problem =
        switch (outcome.refusal()) {
          case FORBIDDEN -> ApiProblem.forbidden(outcome.reason());
          case WRONG_STATE -> ApiProblem.conflict("wrong-state", "Action not waiting for this", outcome.reason());
          case INVALID -> ApiProblem.invalid("invalid-input", "Invalid input", outcome.reason(), List.of());
        };
    if (outcome.state() != null) {
      problem = problem.with("actionId", outcome.state().actionId()).with("actionStatus", outcome.state().status());
    }
    throw problem;
  }

  private static String requireActionId(String actionId) {
    boolean wellFormed =
        actionId.startsWith(ACTION_ID_PREFIX)
            && ActionIds.isValidRequestId(actionId.substring(ACTION_ID_PREFIX.length()));
    if (!wellFormed) {
      throw ActionService.notFound(actionId);
    }
    return actionId;
  }

  private static String optionalText(String field, String value) {
    if (value != null && value.length() > MAX_TEXT_LENGTH) {
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "'" + field + "' is too long: send at most " + MAX_TEXT_LENGTH + " characters.",
          List.of(new FieldProblem(field, "must be at most " + MAX_TEXT_LENGTH + " characters")));
    }
    TextFields.require(field, value);
    return value;
  }
}

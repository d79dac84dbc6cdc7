package com.governedactions.api.action;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ActionLocation;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.api.TextFields;
import com.governedactions.audit.ActionListFilter;
import com.governedactions.audit.ActionListPage;
import com.governedactions.audit.ActionListRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.links.Link;
import io.swagger.v3.oas.annotations.links.LinkParameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "actions", description = "Request an action, follow it, and decide on it.")
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

  @Operation(operationId = "submitAction", summary = "Request an action",
      description = "Starts the governed action for a new requestId (201, Location of the action) or answers the"
          + " action already started for it (200); the same requestId with a different request is a 409.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          schema = @Schema(implementation = SubmitActionBody.class),
          examples = @ExampleObject(name = "refund", summary = "A refund asked for by a support bot (README)",
              value = """
                  {"requestId": "demo-refund-1", "type": "refund",
                   "params": {"orderId": "A-1001", "amount": "25.00", "currency": "USD", "reason": "damaged"},
                   "actor": {"type": "ai", "id": "support-bot"},
                   "customer": {"id": "C-42", "segment": "vip", "verification": "otp"},
                   "conversationId": "conv-demo-1", "channel": "chat"}"""))))
  @ApiResponse(responseCode = "201", description = "Started: the action's state after its rule check.",
      headers = @Header(name = "Location", description = "The action, relative: /api/v1/actions/{actionId}"),
      links = {
          @Link(name = "getAction", operationId = "getAction", parameters = @LinkParameter(name = "actionId",
              expression = "$response.body#/actionId")),
          @Link(name = "confirmAction", operationId = "confirmAction", parameters = @LinkParameter(name = "actionId",
              expression = "$response.body#/actionId")),
          @Link(name = "cancelAction", operationId = "cancelAction", parameters = @LinkParameter(name = "actionId",
              expression = "$response.body#/actionId")),
          @Link(name = "approveAction", operationId = "approveAction", parameters = @LinkParameter(name = "actionId",
              expression = "$response.body#/actionId")),
          @Link(name = "rejectAction", operationId = "rejectAction", parameters = @LinkParameter(name = "actionId",
              expression = "$response.body#/actionId")),
          @Link(name = "reverseAction", operationId = "reverseAction", parameters = @LinkParameter(name = "actionId",
              expression = "$response.body#/actionId"))})
  @ApiResponse(responseCode = "200", description = "The action already started for this requestId.")
  @CallableBy(value = {Roles.CHAT_BACKEND}, also = "for an AI actor (actor.type ai) only; a person (a principal"
      + " that is human) requests as themself (actor.type human, actor.id their principal id)")
  @ProblemStatuses({403, 409, 422, 504})
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

  @Operation(operationId = "getAction", summary = "Read an action's state")
  @CallableBy(value = {Roles.SUPERVISOR, Roles.MANAGER, Roles.OPERATOR}, also = "or the client that submitted it")
  @ProblemStatuses({403, 404, 504})
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

  @Operation(operationId = "getActionConsent", summary = "Read the consent receipt of an action's confirmation",
      description = "What the customer was shown (text, textSha256, language, channel), for which parameters and"
          + " policy version, when it was issued, and whether and when it was confirmed, declined or expired."
          + " 404 no-consent-receipt when the action never asked the customer. See docs/consent-receipts.md.")
  @CallableBy(value = {Roles.SUPERVISOR, Roles.MANAGER, Roles.OPERATOR}, also = "or the client that submitted it")
  @ProblemStatuses({403, 404, 504})
  @GetMapping("/{actionId}/consent")
  ConsentReceipt consent(@PathVariable String actionId, @CurrentPrincipal PrincipalInfo caller) {
    ActionState state = actions.state(requireActionId(actionId));
    // The text names the customer's money and order: the same readers as the action itself.
    if (!caller.hasAnyRole(READERS) && !caller.id().equals(state.submittedBy())) {
      throw ApiProblem.forbidden("The consent receipt of action " + actionId + " may be read by the client that"
          + " submitted it or by one of " + READERS + "; '" + caller.id() + "' is neither.");
    }
    return actions.consent(actionId);
  }

  /** A completed run still answers SUCCEEDED after a reversal; the list row knows better. */
  private ActionState reversedOrAsIs(ActionState state) {
    if (state.status() != ActionStatus.SUCCEEDED) {
      return state;
    }
    boolean reversed = list.findById(state.actionId()).map(row -> row.status() == ActionStatus.REVERSED).orElse(false);
    return reversed ? state.withStatus(ActionStatus.REVERSED) : state;
  }

  @Operation(operationId = "listActions", summary = "List actions, newest first",
      description = "From PostgreSQL; page on with nextCursor. An unknown parameter or value is a 400.")
  @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only actions in this status.",
      schema = @Schema(implementation = ActionStatus.class))
  @Parameter(name = "type", in = ParameterIn.QUERY, description = "Only actions of this type, e.g. refund.")
  @Parameter(name = "conversationId", in = ParameterIn.QUERY, description = "Only actions of this conversation.")
  @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to " + ListQuery.MAX_LIMIT + ".",
      schema = @Schema(type = "integer", minimum = "1", maximum = "" + ListQuery.MAX_LIMIT, defaultValue = "50"))
  @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The nextCursor of the previous page, unchanged.")
  @CallableBy({Roles.SUPERVISOR, Roles.MANAGER, Roles.OPERATOR})
  @ProblemStatuses({403})
  @GetMapping
  ActionListPage list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query, @CurrentPrincipal PrincipalInfo caller) {
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

  @Operation(operationId = "confirmAction", summary = "Relay the customer's yes",
      description = "Answers the action's state after the confirmation. With shownTextSha256, the hash of the text"
          + " the customer was shown, a confirmation of any other text than the one issued is refused (409"
          + " consent-mismatch) and the action keeps waiting.")
  @CallableBy(value = {Roles.CHAT_BACKEND}, also = "only the client that submitted the action (for a run started"
      + " straight through Temporal: any CHAT_BACKEND)")
  @ProblemStatuses({403, 404, 409, 422, 504})
  @PostMapping("/{actionId}/confirm")
  ActionState confirm(
      @PathVariable String actionId,
      @RequestBody(required = false) ConfirmBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String shown = body == null ? null : shownTextSha256(body.shownTextSha256());
    requireRelayer(requireActionId(actionId), caller, "confirm");
    return applied(actions.decide(actionId, new HumanInput(HumanInput.Kind.CONFIRM, caller.id(), null, shown)));
  }

  @Operation(operationId = "cancelAction", summary = "Relay the customer's no, or withdraw the request",
      description = "Answers the action's state after the cancellation.")
  @CallableBy(value = {Roles.CHAT_BACKEND}, also = "only the client that submitted the action (for a run started"
      + " straight through Temporal: any CHAT_BACKEND)")
  @ProblemStatuses({403, 404, 409, 422, 504})
  @PostMapping("/{actionId}/cancel")
  ActionState cancel(
      @PathVariable String actionId,
      @RequestBody(required = false) CancelBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String reason = body == null ? null : optionalText("reason", body.reason());
    requireRelayer(requireActionId(actionId), caller, "cancel");
    return applied(actions.decide(actionId, new HumanInput(HumanInput.Kind.CANCEL, caller.id(), reason)));
  }

  @Operation(operationId = "approveAction", summary = "Approve an action waiting for approval",
      description = "Answers the action's state after the decision.")
  @CallableBy(value = {Roles.SUPERVISOR, Roles.MANAGER}, also = "a person holding a role of the current approval"
      + " tier (approval.roles; the defaults are SUPERVISOR, then MANAGER), who neither requested the action nor"
      + " approved it already")
  @ProblemStatuses({403, 404, 409, 422, 504})
  @PostMapping("/{actionId}/approve")
  ActionState approve(
      @PathVariable String actionId,
      @RequestBody(required = false) ApproveBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String comment = body == null ? null : optionalText("comment", body.comment());
    return applied(
        actions.decide(requireActionId(actionId), new HumanInput(HumanInput.Kind.APPROVE, caller.id(), comment)));
  }

  @Operation(operationId = "rejectAction", summary = "Reject an action waiting for approval",
      description = "Needs a reason. Answers the action's state after the decision.")
  @CallableBy(value = {Roles.SUPERVISOR, Roles.MANAGER}, also = "a person holding a role of the current approval"
      + " tier (approval.roles), who did not request the action")
  @ProblemStatuses({403, 404, 409, 422, 504})
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

  record ConfirmBody(
      @Schema(pattern = "^[0-9a-fA-F]{64}$", description = "Optional: hex SHA-256 of the UTF-8 text the customer was"
          + " shown (confirmation.text); must match the text the service issued.") String shownTextSha256) {}

  record CancelBody(@Schema(maxLength = MAX_TEXT_LENGTH, description = "Why, for the audit trail.") String reason) {}

  record ApproveBody(@Schema(maxLength = MAX_TEXT_LENGTH, description = "For the audit trail.") String comment) {}

  /** Named apart from the policy version's RejectBody: one schema name each. */
  @Schema(name = "ActionRejectBody")
  record RejectBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = MAX_TEXT_LENGTH,
          description = "Why the action is rejected.") String reason) {}

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
          case CONSENT_MISMATCH -> ApiProblem.conflict("consent-mismatch", "Not the text the customer was asked",
              outcome.reason());
        };
    if (outcome.state() != null) {
      problem = problem.with("actionId", outcome.state().actionId()).with("actionStatus", outcome.state().status());
    }
    throw problem;
  }

  private static String shownTextSha256(String value) {
    if (value == null) {
      return null;
    }
    if (!value.matches("[0-9a-fA-F]{64}")) {
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "'shownTextSha256' must be the hex SHA-256 (64 hex digits) of the text the customer was shown.",
          List.of(new FieldProblem("shownTextSha256", "must be 64 hex digits")));
    }
    return value;
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

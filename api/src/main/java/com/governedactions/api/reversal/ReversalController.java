package com.governedactions.api.reversal;

import com.governedactions.action.ActionState;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ActionLocation;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.api.TextFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/actions/{actionId}/reverse}: starts the governed reversal of a SUCCEEDED action. */
@RestController
@Tag(name = "actions", description = "Request an action, follow it, and decide on it.")
class ReversalController {
  private final ReversalService reversals;

  ReversalController(ReversalService reversals) {
    this.reversals = reversals;
  }

  /** 201 with the reversal's own state (its own action id, rule check, and perhaps an approval to wait for). */
  @Operation(operationId = "reverseAction", summary = "Reverse a SUCCEEDED action",
      description = "Starts the reversal as an action of its own (type reversal): its own rule check and perhaps an"
          + " approval. 409 when the action did not succeed or is already reversed.")
  @ApiResponse(responseCode = "201", description = "The reversal's own state.",
      headers = @Header(name = "Location", description = "The reversal action, relative: /api/v1/actions/{actionId}"))
  @CallableBy(value = {Roles.SUPERVISOR}, also = "or the client that submitted the original (its chat backend, or"
      + " the person); whoever requested or approved the original may not decide on its reversal")
  @ProblemStatuses({403, 404, 409, 422, 504})
  @PostMapping("/api/v1/actions/{actionId}/reverse")
  ResponseEntity<ActionState> reverse(
      @PathVariable String actionId,
      @RequestBody(required = false) ReverseBody body,
      @CurrentPrincipal PrincipalInfo caller) {
    String reason = body == null ? null : body.reason();
    TextFields.require("reason", reason);
    ActionState reversal = reversals.reverse(actionId, reason, caller);
    return ResponseEntity.created(ActionLocation.of(reversal.actionId())).body(reversal);
  }

  record ReverseBody(String reason) {}
}

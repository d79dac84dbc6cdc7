package com.governedactions.api.reversal;

import com.governedactions.action.ActionState;
import com.governedactions.api.ActionLocation;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.TextFields;
import com.governedactions.directory.PrincipalInfo;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/actions/{actionId}/reverse}: starts the governed reversal of a SUCCEEDED action. */
@RestController
class ReversalController {
  private final ReversalService reversals;

  ReversalController(ReversalService reversals) {
    this.reversals = reversals;
  }

  /** 201 with the reversal's own state (its own action id, rule check, and perhaps an approval to wait for). */
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

package com.governedactions.api.approval;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.audit.ApprovalClaim;
import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.ClaimResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST|DELETE /api/v1/approvals/{actionId}/claim}: the console's claim over REST. A claim
 * says who is working on a pending approval so two supervisors do not both do it; it never stops
 * anyone deciding (the workflow judges who may), and it is not an audit event.
 */
@RestController
@RequestMapping("/api/v1/approvals/{actionId}/claim")
@Tag(name = "approvals")
class ApprovalClaimController {
  private final ApprovalClaimRepository claims;

  ApprovalClaimController(ApprovalClaimRepository claims) {
    this.claims = claims;
  }

  @Operation(operationId = "claimApproval", summary = "Claim a pending approval: you are working on it",
      description = "Answers the claim, yours (claiming your own claim again is a no-op). 409 claim-held names who"
          + " holds it; 409 not-awaiting-approval when the action is unknown or decided. A claim does not block"
          + " deciding.")
  @CallableBy({Roles.SUPERVISOR, Roles.MANAGER})
  @ProblemStatuses({403, 409})
  @PostMapping
  ApprovalClaim claim(@PathVariable String actionId, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Claiming an approval", Roles.SUPERVISOR, Roles.MANAGER);
    ClaimResult result = claims.claim(actionId, caller.id());
    if (result.outcome() != ClaimResult.Outcome.CLAIMED) {
      throw refused(actionId, result);
    }
    return result.claim();
  }

  @Operation(operationId = "unclaimApproval", summary = "Release your claim on a pending approval",
      description = "Only the holder releases a claim, or a MANAGER anyone's; releasing what nobody holds is a"
          + " no-op. 409 claim-held names who holds it.")
  @CallableBy(value = {Roles.SUPERVISOR, Roles.MANAGER}, also = "the claim's holder; a MANAGER any claim")
  @ProblemStatuses({403, 409})
  @DeleteMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unclaim(@PathVariable String actionId, @CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Releasing a claim", Roles.SUPERVISOR, Roles.MANAGER);
    ClaimResult result = claims.unclaim(actionId, caller.id(), caller.hasAnyRole(List.of(Roles.MANAGER)));
    if (!result.done()) {
      throw refused(actionId, result);
    }
  }

  private static ApiProblem refused(String actionId, ClaimResult result) {
    if (result.outcome() == ClaimResult.Outcome.NOT_PENDING) {
      return ApiProblem.conflict("not-awaiting-approval", "Not awaiting approval",
          "Action " + actionId + " does not wait for approval (unknown or already decided): nothing to claim.")
          .with("actionId", actionId);
    }
    ApprovalClaim held = result.claim();
    return ApiProblem.conflict("claim-held", "Claimed by someone else",
            "Action " + actionId + " is claimed by " + held.claimedBy() + " since " + held.claimedAt()
                + ": only they, or a MANAGER, may release it.")
        .with("actionId", actionId)
        .with("claimedBy", held.claimedBy());
  }
}

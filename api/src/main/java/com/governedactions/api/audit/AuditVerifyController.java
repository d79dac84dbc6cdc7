package com.governedactions.api.audit;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.CallableBy;
import com.governedactions.api.CurrentPrincipal;
import com.governedactions.api.ProblemStatuses;
import com.governedactions.api.Roles;
import com.governedactions.audit.AuditVerification;
import com.governedactions.audit.AuditVerifier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit/verify}: checks the hash chain and the signed checkpoints in the
 * database and answers {@code {"ok": true, "checked": N}} or the first broken event and why. The
 * checkpoint kept outside the database is checked by the command-line verifier
 * (docs/audit-integrity.md), which runs where that file is.
 */
@RestController
@Tag(name = "audit", description = "The append-only audit trail.")
class AuditVerifyController {
  private final AuditVerifier verifier;

  AuditVerifyController(AuditVerifier verifier) {
    this.verifier = verifier;
  }

  @Operation(operationId = "verifyAudit", summary = "Verify the audit trail's hash chain and checkpoints",
      description = "Answers ok and the number of events checked, or the first broken event and why.")
  @CallableBy({Roles.OPERATOR})
  @ProblemStatuses({403})
  @GetMapping("/api/v1/audit/verify")
  AuditVerification verify(@CurrentPrincipal PrincipalInfo caller) {
    Roles.requireAny(caller, "Verifying the audit trail", Roles.OPERATOR);
    return verifier.verify();
  }
}

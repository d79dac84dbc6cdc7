package com.governedactions.api.policy;

import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.TextFields;
import com.governedactions.policy.PolicyChangeRefused;
import java.util.List;

/**
 * How a refused approval or rejection of a policy version is answered, in one place for {@code
 * POST /api/v1/policy/versions/{v}/approve|reject} and the console's version page.
 */
public final class PolicyRefusals {
  private PolicyRefusals() {}

  /** 404 no such version, 409 not pending or stale, 403 the author's own approval (dual control). */
  public static ApiProblem of(PolicyChangeRefused e) {
    return switch (e.reason()) {
      case NOT_FOUND -> ApiProblem.notFound("policy-version-not-found", "No such policy version", e.getMessage());
      case NOT_PENDING -> ApiProblem.conflict("policy-version-not-pending", "Policy version not pending", e.getMessage());
      case STALE -> ApiProblem.conflict("policy-version-stale", "Policy version is stale", e.getMessage());
      case OWN_VERSION -> ApiProblem.forbidden(e.getMessage());
    };
  }

  /**
   * A rejection's reason: required, without control characters.
   *
   * @param how how the caller sends one, for the message
   * @throws ApiProblem a 422 naming {@code reason}
   */
  public static String requireReason(String reason, String how) {
    if (reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("invalid-request", "Invalid request", "A rejection needs a reason: " + how + ".",
          List.of(new FieldProblem("reason", "required: why the version is rejected")));
    }
    TextFields.require("reason", reason);
    return reason;
  }
}

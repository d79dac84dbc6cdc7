package com.governedactions.autonomy;

import com.fasterxml.jackson.databind.JsonNode;
import com.governedactions.policy.SimulationReport;
import java.util.Map;

/**
 * A proposed policy change and its evidence. Never applied by itself: {@code POST
 * /autonomy/suggestions/{id}/propose} submits it as a new policy version through the normal path.
 *
 * @param id a hash of what it changes, against which version, over which window
 * @param kind RELAX (this path needs no approval) or TIGHTEN (this auto-allowed path needs one)
 * @param basedOnVersion the active policy version the patch applies to
 * @param patch an RFC 6902 JSON Patch of the policy document (as JSON)
 * @param simulation the patched policy replayed over the same window
 * @param impact what the simulation says it changes
 * @param evidence the path's statistics
 */
public record Suggestion(
    String id,
    Kind kind,
    String summary,
    long basedOnVersion,
    JsonNode patch,
    SimulationReport simulation,
    Impact impact,
    PathStats evidence) {

  public enum Kind { RELAX, TIGHTEN }

  /**
   * @param decisionsChanged requests the patch decides differently
   * @param movedWithoutApproval money, by currency, that would have run without an approval
   * @param approvalsSaved approvals no longer asked for
   * @param supervisorHoursSaved approvals saved times {@code governed.autonomy.review-time}
   */
  public record Impact(
      long decisionsChanged, Map<String, String> movedWithoutApproval, long approvalsSaved, double supervisorHoursSaved) {}
}

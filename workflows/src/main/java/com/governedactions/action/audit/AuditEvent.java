package com.governedactions.action.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ConsentReceipt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One audit record (spec section 6).
 *
 * @param seq 1-based, gap-free per action, assigned by the workflow
 * @param status the action's status after this event
 * @param requester the actor who asked for the action
 * @param decidedBy who decided: a person's id, or "auto" when no human did (rules, timers)
 * @param params action parameters; redacted by the writer
 * @param connectorStatus HTTP-like status of a connector response; null when there was no call
 * @param durationMs how long the step took; null when not applicable
 * @param detail the system's explanation: rule outcome, refusal cause, SLA breach
 * @param note words a person wrote (approval comment, rejection or cancellation reason); for
 *     destructive action types the writer keeps only its length and hash
 * @param consent the consent receipt as of this event, on the events of a confirmation (asked,
 *     confirmed, declined, expired, refused for another text); null on every other event and on
 *     events recorded before receipts existed, and then left out of the JSON
 */
public record AuditEvent(
    String actionId,
    int seq,
    Instant occurredAt,
    AuditEventType type,
    String actionType,
    ActionStatus status,
    String requester,
    String decidedBy,
    String conversationId,
    String customerId,
    Map<String, Object> params,
    Integer connectorStatus,
    String connectorSummary,
    Long durationMs,
    Long policyVersion,
    List<String> ruleIds,
    String detail,
    String note,
    @JsonInclude(JsonInclude.Include.NON_NULL) ConsentReceipt consent) {
  public static final String AUTO = "auto";

  public AuditEvent {
    ruleIds = ruleIds == null ? List.of() : List.copyOf(ruleIds);
  }

  /** An event without a consent receipt: every event but those of a confirmation. */
  public AuditEvent(
      String actionId, int seq, Instant occurredAt, AuditEventType type, String actionType, ActionStatus status,
      String requester, String decidedBy, String conversationId, String customerId, Map<String, Object> params,
      Integer connectorStatus, String connectorSummary, Long durationMs, Long policyVersion, List<String> ruleIds,
      String detail, String note) {
    this(actionId, seq, occurredAt, type, actionType, status, requester, decidedBy, conversationId, customerId,
        params, connectorStatus, connectorSummary, durationMs, policyVersion, ruleIds, detail, note, null);
  }
}

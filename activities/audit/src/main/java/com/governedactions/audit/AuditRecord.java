package com.governedactions.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * One stored audit event as operators read it: already redacted when it was written.
 *
 * @param id the global order of events; also the tiebreak of the page order
 * @param params the stored (redacted) parameters as JSON text, sent to clients as a JSON object
 */
public record AuditRecord(
    long id,
    String actionId,
    int seq,
    Instant occurredAt,
    Instant recordedAt,
    String event,
    String actionType,
    String status,
    String requester,
    String decidedBy,
    String conversationId,
    String customerId,
    @JsonRawValue String params,
    Integer connectorStatus,
    String connectorSummary,
    Long durationMs,
    Long policyVersion,
    List<String> ruleIds,
    String detail,
    String note) {}

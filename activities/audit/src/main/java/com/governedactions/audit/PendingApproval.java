package com.governedactions.audit;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One action in the approvals queue. The approval fields are null only for an action whose
 * approval was asked for by a worker older than the queue (it has not written a stage yet).
 *
 * @param tier 1-based index of the current tier; escalation after an SLA breach moves it on
 * @param roles roles that may approve at the current tier
 * @param required distinct approvers needed
 * @param approvedBy who has approved so far (M-of-N)
 * @param deadline when the current tier's SLA runs out
 * @param timeLeft until the deadline, never negative: {@code PT0S} once breached
 * @param breached the deadline has passed and the workflow has not yet escalated or expired it
 */
public record PendingApproval(
    String actionId,
    String type,
    String actorId,
    String customerId,
    String conversationId,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    String currency,
    Instant createdAt,
    Integer tier,
    Integer tiers,
    List<String> roles,
    Integer required,
    List<String> approvedBy,
    Instant deadline,
    Duration timeLeft,
    boolean breached) {}

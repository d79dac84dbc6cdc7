package com.governedactions.audit;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.governedactions.action.ActionStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An action's list row, kept current by the audit writer in the same transaction as its events.
 * Money is a decimal string at the currency's scale, never a JSON number.
 */
public record ActionListItem(
    String actionId,
    String requestId,
    String type,
    ActionStatus status,
    String actorType,
    String actorId,
    String customerId,
    String conversationId,
    String channel,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    String currency,
    Instant createdAt,
    Instant updatedAt) {}

package com.governedactions.audit.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored alert, as {@code GET /api/v1/alerts} shows it.
 *
 * @param subject who or what it is about, as {@code actor:support-bot}, {@code customer:C-42},
 *     {@code approver:alice} or {@code conversation:conv-81}
 * @param summary what was seen, in a sentence
 * @param details the numbers behind it: counts, window, threshold
 * @param actionIds the actions it links to
 * @param auditStream the audit trail stream holding its ALERT_RAISED event
 */
public record Alert(
    long id,
    AlertKind kind,
    Instant raisedAt,
    String subject,
    String actionType,
    String summary,
    Map<String, Object> details,
    List<String> actionIds,
    String auditStream) {}

package com.governedactions.audit.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something a detector saw, before it is stored.
 *
 * @param fingerprint identifies the finding across runs (kind, subject, window), so that it is
 *     raised once however often the detectors run, in however many processes
 */
record Finding(
    AlertKind kind,
    String fingerprint,
    String subject,
    String actionType,
    String conversationId,
    String customerId,
    String summary,
    Map<String, Object> details,
    List<String> actionIds) {
  Finding {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    actionIds = List.copyOf(actionIds);
  }
}

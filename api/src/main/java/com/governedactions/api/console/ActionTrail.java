package com.governedactions.api.console;

import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.AuditSearchRepository;
import com.governedactions.audit.AuditVerification;
import com.governedactions.audit.AuditVerifier;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * An action's audit events, oldest first, read through the audit search the API's {@code GET
 * /api/v1/audit} uses (filtered to the action's conversation and type, then to the action). Free
 * text there is redacted (a hash and a length): the request's own words come from the run's state.
 */
@Component
class ActionTrail {
  /** Events that start a tier's SLA window. */
  private static final Set<String> ASKED = Set.of("APPROVAL_REQUESTED", "ESCALATED", "POLICY_RECHECKED");

  private final AuditSearchRepository audit;
  private final AuditVerifier verifier;

  ActionTrail(AuditSearchRepository audit, AuditVerifier verifier) {
    this.audit = audit;
    this.verifier = verifier;
  }

  /** The action's own hash chain checked: each event's hash and link, and its chain head. */
  AuditVerification verification(String actionId) {
    return verifier.verifyAction(actionId);
  }

  List<AuditRecord> of(String actionId, String conversationId, String type) {
    AuditQuery query = new AuditQuery(null, null, null, null, conversationId, type, null, null,
        AuditSearchRepository.MAX_LIMIT, null);
    return audit.search(query).items().stream()
        .filter(record -> actionId.equals(record.actionId()))
        .sorted(Comparator.comparingInt(AuditRecord::seq))
        .toList();
  }

  /** When the current tier was asked: the start of its SLA window. */
  static Instant askedAt(List<AuditRecord> trail) {
    return trail.stream().filter(r -> ASKED.contains(r.event())).map(AuditRecord::occurredAt)
        .max(Comparator.naturalOrder()).orElse(null);
  }

  /** The rules the latest rule check matched. */
  static List<String> rules(List<AuditRecord> trail) {
    return trail.stream().filter(r -> r.ruleIds() != null && !r.ruleIds().isEmpty())
        .reduce((first, second) -> second).map(AuditRecord::ruleIds).orElse(List.of());
  }
}

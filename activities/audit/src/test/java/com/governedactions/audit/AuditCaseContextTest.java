package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.batch;
import static com.governedactions.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The case a ticket carries, read back from what the audit writer stored. */
class AuditCaseContextTest {
  private final String prefix = TestDatabase.uniquePrefix("case-context");
  private final AuditActivitiesImpl audit = TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  private final AuditCaseContext cases = new AuditCaseContext(TestDatabase.CLIENT);

  @AfterEach
  void cleanUp() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_a_conversation_with_a_failed_refund_when_escalated_then_the_case_has_request_decision_and_attempts() {
    String conversation = prefix + "conv";
    ActionRequest refund = AuditFixtures.refund(prefix + "r1", conversation);
    String refundId = prefix + "action-r1";
    audit.record(batch(refundId, refund,
        event(refund, refundId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(refund, refundId, 2, AuditEventType.EXECUTION_STARTED, ActionStatus.EXECUTING),
        event(refund, refundId, 3, AuditEventType.FAILED, ActionStatus.FAILED, "payments.refund failed: HTTP 422")));
    ActionRequest escalation = AuditFixtures.request(prefix + "e1", "escalate", conversation,
        Map.of("team", "billing", "reason", "refund keeps failing"));
    String escalationId = prefix + "action-e1";
    audit.record(batch(escalationId, escalation, AuditFixtures.CREATED.plusSeconds(60),
        event(escalation, escalationId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(escalation, escalationId, 2, AuditEventType.EXECUTION_STARTED, ActionStatus.EXECUTING)));

    Map<String, Object> context = cases.forAction(escalationId);

    assertThat(context).containsEntry("conversationId", conversation).containsEntry("customerId", "C-42");
    assertThat(map(context.get("request")))
        .containsEntry("type", "escalate")
        .containsEntry("params", Map.of("team", "billing", "reason", "refund keeps failing"));
    assertThat(map(context.get("decision"))).containsEntry("policyVersion", 7L).containsEntry("rules", List.of("refund-confirm"));
    List<?> earlier = (List<?>) context.get("earlierActions");
    assertThat(earlier).hasSize(1);
    Map<String, Object> failed = map(earlier.get(0));
    assertThat(failed).containsEntry("actionId", refundId).containsEntry("type", "refund").containsEntry("status", "FAILED")
        .containsEntry("amount", "89.5").containsEntry("currency", "USD");
    assertThat((List<?>) failed.get("events")).extracting(e -> map(e).get("event"))
        .containsExactly("REQUESTED", "EXECUTION_STARTED", "FAILED");
    assertThat((List<?>) failed.get("events")).extracting(e -> map(e).get("detail"))
        .contains("payments.refund failed: HTTP 422");
  }

  @Test
  void given_actions_of_other_conversations_when_read_then_they_are_not_in_the_case() {
    ActionRequest other = AuditFixtures.refund(prefix + "o1", prefix + "other-conv");
    audit.record(batch(prefix + "action-o1", other,
        event(other, prefix + "action-o1", 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING)));
    ActionRequest ticket = AuditFixtures.request(prefix + "t1", "log_ticket", prefix + "conv",
        Map.of("subject", "call back"));
    audit.record(batch(prefix + "action-t1", ticket, Instant.parse("2025-03-01T11:00:00Z"),
        event(ticket, prefix + "action-t1", 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING)));

    assertThat((List<?>) cases.forAction(prefix + "action-t1").get("earlierActions")).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}

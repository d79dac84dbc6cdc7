package com.governedactions.reversal;

import static com.governedactions.audit.AuditFixtures.batch;
import static com.governedactions.audit.AuditFixtures.event;
import static com.governedactions.audit.AuditFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Against the real audit writer and test database (the audit module's test-jar). */
class ReversalLedgerTest {
  private final String prefix = TestDatabase.uniquePrefix("ledger");
  private final AuditActivities writer = TestDatabase.auditTrail();
  private final ReversalLedger ledger =
      new ReversalLedger(TestDatabase.JDBC, new DataSourceTransactionManager(TestDatabase.DATA_SOURCE), writer);

  @AfterEach
  void cleanUp() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_succeededAction_when_markedTwice_then_oneReversedEventAfterItsLastAndTheListRowReversed() {
    String actionId = stored(ActionStatus.SUCCEEDED);

    boolean first = ledger.markReversed(actionId, "reversed by action-reverse.x");
    boolean second = ledger.markReversed(actionId, "reversed by action-reverse.x");

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(TestDatabase.JDBC.queryForList(
            "SELECT seq || ' ' || event_type || ' ' || status FROM governed.audit_event WHERE action_id = ? ORDER BY seq",
            String.class, actionId))
        .containsExactly("1 REQUESTED EVALUATING", "2 SUCCEEDED SUCCEEDED", "3 REVERSED REVERSED");
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT status FROM governed.action WHERE action_id = ?", String.class, actionId)).isEqualTo("REVERSED");
  }

  @Test
  void given_failedAction_when_marked_then_refusedAndNothingWritten() {
    String actionId = stored(ActionStatus.FAILED);

    assertThatThrownBy(() -> ledger.markReversed(actionId, "reversed by action-reverse.x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FAILED");
    assertThat(TestDatabase.JDBC.queryForList(
            "SELECT event_type FROM governed.audit_event WHERE action_id = ?", String.class, actionId))
        .doesNotContain("REVERSED");
  }

  private String stored(ActionStatus finalStatus) {
    String requestId = prefix.substring(0, Math.min(prefix.length(), 100)) + "r";
    String actionId = prefix + "a";
    ActionRequest request = refund(requestId, "conv-ledger");
    AuditEventType last = finalStatus == ActionStatus.SUCCEEDED ? AuditEventType.SUCCEEDED : AuditEventType.FAILED;
    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, last, finalStatus)));
    return actionId;
  }
}

package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.workflow.Journal.Entry;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Decision ALLOWED = new Decision(Effect.ALLOW, 7, List.of("small-refunds"), null, false, null, null);

  private final List<AuditBatch> written = new ArrayList<>();
  private final Journal journal = new Journal("action-r-1", GovernedActionWorkflowTest.refund("r-1"), "hash", T0);

  @Test
  void given_events_when_appended_then_numberedWithoutGapsWithTheRequestAndTheDecision() {
    journal.append(Entry.auto(AuditEventType.REQUESTED, null), T0, ActionStatus.EVALUATING, null);
    AuditEvent second = journal.append(Entry.auto(AuditEventType.AUTO_FIRED, "allowed"), T0, ActionStatus.EVALUATING, ALLOWED);

    assertThat(journal.events()).extracting(AuditEvent::seq).containsExactly(1, 2);
    assertThat(journal.events().get(0).policyVersion()).isNull();
    assertThat(second.policyVersion()).isEqualTo(7);
    assertThat(second.ruleIds()).containsExactly("small-refunds");
    assertThat(second.requester()).isEqualTo("support-bot");
    assertThat(second.customerId()).isEqualTo("C-42");
    assertThat(second.decidedBy()).isEqualTo(AuditEvent.AUTO);
  }

  @Test
  void given_aRequestWithoutActorOrCustomer_when_appended_then_theyAreLeftEmpty() {
    ActionRequest raw = new ActionRequest("r-2", "refund", Map.of(), null, null, null, null, null);
    Journal rawJournal = new Journal("action-r-2", raw, "hash", T0);

    AuditEvent event = rawJournal.append(Entry.auto(AuditEventType.REQUESTED, null), T0, ActionStatus.EVALUATING, null);

    assertThat(event.requester()).isNull();
    assertThat(event.customerId()).isNull();
  }

  @Test
  void given_writtenEvents_when_flushedAgain_then_onlyTheNewOnesAreWritten() {
    journal.append(Entry.auto(AuditEventType.REQUESTED, null), T0, ActionStatus.EVALUATING, null);
    journal.flush(batch -> written.add(batch), null, "run-1");
    journal.append(Entry.note(AuditEventType.CANCELLED, "chat-backend", "changed my mind"), T0, ActionStatus.CANCELLED, null);

    journal.flush(batch -> written.add(batch), null, "run-1");
    journal.flush(batch -> written.add(batch), null, "run-1");

    assertThat(written).hasSize(2);
    assertThat(written.get(1).events()).extracting(AuditEvent::seq).containsExactly(2);
    assertThat(written.get(1).events().get(0).note()).isEqualTo("changed my mind");
    assertThat(written.get(1).runId()).isEqualTo("run-1");
  }

  @Test
  void given_aFailedWrite_when_flushedAgain_then_theSameEventsAreWrittenAgain() {
    journal.append(Entry.auto(AuditEventType.REQUESTED, null), T0, ActionStatus.EVALUATING, null);

    assertThatThrownBy(() -> journal.flush(batch -> {
      throw new IllegalStateException("store down");
    }, null, "run-1")).hasMessage("store down");
    journal.flush(batch -> written.add(batch), null, "run-1");

    assertThat(written).singleElement().satisfies(batch -> assertThat(batch.events()).hasSize(1));
  }

  @Test
  void given_overlappingWrites_when_theEarlierFinishesLast_then_theMarkNeverMovesBack() {
    journal.append(Entry.auto(AuditEventType.REQUESTED, null), T0, ActionStatus.EVALUATING, null);
    Journal.Pending early = journal.pending();
    journal.append(Entry.auto(AuditEventType.DENIED, "no"), T0, ActionStatus.DENIED, null);
    Journal.Pending late = journal.pending();

    journal.written(late.upTo());
    journal.written(early.upTo());

    assertThat(journal.pending().events()).isEmpty();
  }
}

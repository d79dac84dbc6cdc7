package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.batch;
import static com.governedactions.audit.AuditFixtures.event;
import static com.governedactions.audit.AuditFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.AuditMeters.TrailEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The audit writer's meters, against the real store: counted once per stored event, never per retry. */
class AuditMetersTest {
  private final String prefix = TestDatabase.uniquePrefix("meters");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AuditActivitiesImpl writer = new AuditActivitiesImpl(
      TestDatabase.JDBC, new DataSourceTransactionManager(TestDatabase.DATA_SOURCE),
      new Redactor(RedactionProperties.defaults()), IntegrityProperties.defaults(), AuditWriterProperties.defaults(),
      registry);

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_anApprovedRefundWrittenInTwoBatches_when_itSucceeds_then_oneTerminalActionAndItsApprovalWaitAreCounted() {
    String actionId = prefix + "approved";
    ActionRequest request = refund(actionId, "conv-1");
    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));
    assertThat(registry.find(AuditMeters.ACTIONS).counters()).as("nothing terminal yet").isEmpty();

    writer.record(batch(actionId, request,
        event(request, actionId, 3, AuditEventType.APPROVED, ActionStatus.AWAITING_APPROVAL),
        event(request, actionId, 4, AuditEventType.EXECUTION_STARTED, ActionStatus.EXECUTING),
        event(request, actionId, 5, AuditEventType.SUCCEEDED, ActionStatus.SUCCEEDED)));

    assertThat(actions("refund", "require_approval", "SUCCEEDED")).isEqualTo(1.0);
    Timer wait = registry.get(AuditMeters.APPROVAL_WAIT).tag("type", "refund").tag("outcome", "approved").timer();
    assertThat(wait.count()).isEqualTo(1);
    assertThat(wait.totalTime(TimeUnit.SECONDS)).as("APPROVAL_REQUESTED at +2 s, APPROVED at +3 s").isEqualTo(1.0);
    assertThat(registry.get(AuditMeters.BATCH_EVENTS).summary().totalAmount()).isEqualTo(5.0);
    assertThat(registry.get(AuditMeters.LAG).timer().count()).isEqualTo(2);
  }

  @Test
  void given_theTerminalBatchRetried_when_recordedAgain_then_nothingIsCountedTwice() {
    String actionId = prefix + "retried";
    ActionRequest request = refund(actionId, "conv-1");
    AuditBatch whole = batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.AUTO_FIRED, ActionStatus.EVALUATING),
        event(request, actionId, 3, AuditEventType.EXECUTION_STARTED, ActionStatus.EXECUTING),
        event(request, actionId, 4, AuditEventType.SUCCEEDED, ActionStatus.SUCCEEDED));

    writer.record(whole);
    writer.record(whole);

    assertThat(actions("refund", "allow", "SUCCEEDED")).isEqualTo(1.0);
    assertThat(registry.get(AuditMeters.LAG).timer().count()).as("the retry stored nothing new").isEqualTo(1);
  }

  @Test
  void given_everyTierBreached_when_theActionExpires_then_eachBreachAndTheTimeoutAreCounted() {
    String actionId = prefix + "breached";
    ActionRequest request = refund(actionId, "conv-1");
    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));
    writer.record(batch(actionId, request,
        event(request, actionId, 3, AuditEventType.APPROVAL_TIMED_OUT, ActionStatus.AWAITING_APPROVAL),
        event(request, actionId, 4, AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL)));
    writer.record(batch(actionId, request,
        event(request, actionId, 5, AuditEventType.APPROVAL_TIMED_OUT, ActionStatus.EXPIRED)));

    assertThat(registry.get(AuditMeters.SLA_BREACHES).tag("type", "refund").counter().count()).isEqualTo(2.0);
    assertThat(actions("refund", "require_approval", "EXPIRED")).isEqualTo(1.0);
    Timer wait = registry.get(AuditMeters.APPROVAL_WAIT).tag("outcome", "timed_out").timer();
    assertThat(wait.totalTime(TimeUnit.SECONDS)).as("from the first request (+2 s) to the last breach (+5 s)")
        .isEqualTo(3.0);
  }

  @Test
  void given_aRefusedInputAfterTheEnd_when_recorded_then_theActionIsNotCountedAgain() {
    String actionId = prefix + "late-input";
    ActionRequest request = refund(actionId, "conv-1");
    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.DENIED, ActionStatus.DENIED)));
    writer.record(batch(actionId, request,
        event(request, actionId, 3, AuditEventType.INPUT_REFUSED, ActionStatus.DENIED)));

    assertThat(actions("refund", "deny", "DENIED")).isEqualTo(1.0);
    assertThat(registry.find(AuditMeters.ACTIONS).counters()).hasSize(1);
  }

  @Test
  void given_aConfirmationThenAnApproval_when_judged_then_theEffectIsTheStricterStep() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    AuditMeters.Course course = AuditMeters.course(List.of(
        new TrailEvent(AuditEventType.CONFIRMATION_REQUESTED, t0),
        new TrailEvent(AuditEventType.APPROVAL_REQUESTED, t0.plusSeconds(60)),
        new TrailEvent(AuditEventType.REJECTED, t0.plusSeconds(660))));

    assertThat(course.effect()).isEqualTo("require_approval");
    assertThat(course.approvalOutcome()).isEqualTo("rejected");
    assertThat(course.approvalWait()).contains(Duration.ofMinutes(10));
  }

  @Test
  void given_onlyAConfirmation_when_judged_then_theEffectIsRequireConfirmationWithNoApprovalWait() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    AuditMeters.Course course = AuditMeters.course(List.of(
        new TrailEvent(AuditEventType.CONFIRMATION_REQUESTED, t0), new TrailEvent(AuditEventType.CANCELLED, t0)));

    assertThat(course.effect()).isEqualTo("require_confirmation");
    assertThat(course.approvalWait()).isEmpty();
  }

  private double actions(String type, String effect, String status) {
    Counter counter = registry.find(AuditMeters.ACTIONS)
        .tag("type", type).tag("effect", effect).tag("status", status).counter();
    assertThat(counter).as("governed.actions{%s,%s,%s}", type, effect, status).isNotNull();
    return counter.count();
  }
}

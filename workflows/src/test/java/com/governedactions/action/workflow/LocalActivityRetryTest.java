package com.governedactions.action.workflow;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionSearchAttributes;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.AwaitDecision;
import com.governedactions.action.GovernedActionInput;
import com.governedactions.action.GovernedActionWorkflow;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.directory.DirectoryActivities;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.action.directory.PrincipalLookup;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rule check, the principal look-up and the audit write are local activities over this
 * service's own database: an outage of it must hold the action where it is, never end it. Each
 * fake here fails its first calls as a refused connection would, with an ordinary exception.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalActivityRetryTest {
  private static final int OUTAGE_CALLS = 3;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final Fakes.Rules rules = new Fakes.Rules(c -> GovernedActionWorkflowTest.supervisorApproval());
  private final Fakes.Audit audit = new Fakes.Audit();
  private final Fakes.Connector connector = new Fakes.Connector();
  private final AtomicInteger evaluateFailures = new AtomicInteger();
  private final AtomicInteger lookupFailures = new AtomicInteger();
  private final AtomicInteger recordFailures = new AtomicInteger();

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    ActionSearchAttributes.DEFINITIONS.keySet()
        .forEach(name -> env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(ActionIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(GovernedActionWorkflowImpl.class);
    var decide = rules.decide;
    rules.decide = command -> {
      failWhileDown(evaluateFailures, "evaluate");
      return decide.apply(command);
    };
    Fakes.Directory people = new Fakes.Directory();
    DirectoryActivities directory = lookup -> lookupDuringOutage(people, lookup);
    AuditActivities audited = batch -> recordDuringOutage(batch);
    worker.registerActivitiesImplementations(rules, directory, audited, connector);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private PrincipalInfo lookupDuringOutage(Fakes.Directory people, PrincipalLookup lookup) {
    failWhileDown(lookupFailures, "lookup");
    return people.lookup(lookup);
  }

  private void recordDuringOutage(AuditBatch batch) {
    failWhileDown(recordFailures, "record");
    audit.record(batch);
  }

  /** The first {@value #OUTAGE_CALLS} calls fail as a JDBC driver does when PostgreSQL refuses connections. */
  private static void failWhileDown(AtomicInteger failures, String what) {
    if (failures.get() < OUTAGE_CALLS) {
      failures.incrementAndGet();
      throw new IllegalStateException(
          what + ": Connection to localhost:5432 refused. Check that the hostname and port are correct");
    }
  }

  @Test
  void given_databaseDownForEveryLocalActivity_when_actionRunsAndIsApproved_then_eachIsRetriedAndTheActionSucceeds() {
    GovernedActionWorkflow workflow =
        client.newWorkflowStub(
            GovernedActionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("action-r-1")
                .setTaskQueue(ActionIds.TASK_QUEUE)
                .build());
    WorkflowClient.start(workflow::run, new GovernedActionInput(GovernedActionWorkflowTest.refund("r-1")));

    assertThat(workflow.awaitDecision(new AwaitDecision()).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    InputOutcome outcome = workflow.decide(new HumanInput(HumanInput.Kind.APPROVE, "bob", "ok"));
    ActionState done = WorkflowStub.fromTyped(workflow).getResult(ActionState.class);

    assertThat(outcome.accepted()).isTrue();
    assertThat(done.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(evaluateFailures).as("evaluate failed, then was retried").hasValue(OUTAGE_CALLS);
    assertThat(lookupFailures).as("lookup failed, then was retried").hasValue(OUTAGE_CALLS);
    assertThat(recordFailures).as("record failed, then was retried").hasValue(OUTAGE_CALLS);
    assertThat(audit.events("action-r-1"))
        .extracting(e -> e.type())
        .containsExactly(
            AuditEventType.REQUESTED,
            AuditEventType.APPROVAL_REQUESTED,
            AuditEventType.APPROVED,
            AuditEventType.EXECUTION_STARTED,
            AuditEventType.STEP_SUCCEEDED,
            AuditEventType.SUCCEEDED);
    assertThat(audit.conflictingRewrites).hasValue(0);
  }
}

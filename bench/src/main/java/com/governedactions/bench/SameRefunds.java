package com.governedactions.bench;

import com.governedactions.action.ActionIds;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.connector.SampleStoreConnector;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the baseline refunds: the same one-cent refund on the same orders the governed refunds
 * use, as {@link SameRefundWorkflow} on the bench JVM's worker, keyed the way the governed workflow
 * keys its first step.
 */
final class SameRefunds {
  private final WorkflowClient client;
  private final RefundPlan plan;
  private final AtomicInteger sequence;

  SameRefunds(WorkflowClient client, RefundPlan plan, AtomicInteger sequence) {
    this.client = client;
    this.plan = plan;
    this.sequence = sequence;
  }

  /** Starts one refund and waits for its result; throws unless the store answered 2xx. */
  void run(String workflowId) {
    int seq = sequence.getAndIncrement();
    StepCommand refund =
        new StepCommand(workflowId, 0, SampleStoreConnector.REFUND, plan.params(seq),
            ActionIds.idempotencyKey(workflowId, 0, SampleStoreConnector.REFUND), null);
    SameRefundWorkflow workflow =
        client.newWorkflowStub(
            SameRefundWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(SameRefundWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run, refund);
    StepOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(StepOutcome.class);
    if (outcome.statusCode() / 100 != 2) {
      throw new IllegalStateException(workflowId + ": the sample store answered " + outcome);
    }
  }
}

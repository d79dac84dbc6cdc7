package com.governedactions.bench;

import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The baseline governance is measured against (issue 14, P1): the same refund done in Temporal
 * without governance — one activity making the same HTTP call to the same sample store, with the
 * same idempotency key, through the service's own connector activity and its activity options.
 * Public because the Temporal SDK invokes it reflectively.
 */
@WorkflowInterface
public interface SameRefundWorkflow {
  String WORKFLOW_TYPE = "BenchSameRefund";
  String TASK_QUEUE = "bench-same-refund";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  StepOutcome run(StepCommand refund);
}

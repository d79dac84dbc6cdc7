package com.governedactions.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The baseline: a workflow that runs one ordinary activity and returns its answer. Public because
 * the Temporal SDK invokes it reflectively.
 */
@WorkflowInterface
public interface BenchTrivialWorkflow {
  String WORKFLOW_TYPE = "BenchTrivial";
  String TASK_QUEUE = "bench-trivial";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  TrivialPayload run(TrivialPayload input);
}

package com.governedactions.worker;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A test-only workflow: proves the starter-configured worker polls the embedded service. */
@WorkflowInterface
public interface GreetingWorkflow {
  @WorkflowMethod
  String greet(Greeting greeting);

  record Greeting(String name, long pauseMillis) {}
}

package com.governedactions.worker;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class GreetingWorkflowImpl implements GreetingWorkflow {
  private final GreetingActivities activities =
      Workflow.newActivityStub(
          GreetingActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  @Override
  public String greet(Greeting greeting) {
    if (greeting.pauseMillis() > 0) {
      Workflow.sleep(Duration.ofMillis(greeting.pauseMillis()));
    }
    return activities.compose(greeting.name());
  }
}

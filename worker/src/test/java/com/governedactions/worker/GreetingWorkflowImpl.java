package com.governedactions.worker;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class GreetingWorkflowImpl implements GreetingWorkflow {
  private final GreetingActivities activities =
      Workflow.newActivityStub(
          GreetingActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  static final SearchAttributeKey<String> GREETED = SearchAttributeKey.forKeyword("Greeted");

  @Override
  public String greet(Greeting greeting) {
    // A custom search attribute, as the GovernedAction workflow sets them: only a registered one is accepted.
    Workflow.upsertTypedSearchAttributes(GREETED.valueSet(greeting.name()));
    if (greeting.pauseMillis() > 0) {
      Workflow.sleep(Duration.ofMillis(greeting.pauseMillis()));
    }
    return activities.compose(greeting.name());
  }
}

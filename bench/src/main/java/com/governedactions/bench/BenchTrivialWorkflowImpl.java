package com.governedactions.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * One ordinary (not local) activity, like the governed workflow's one connector call: two workflow
 * tasks and one activity task, the least a workflow that does something outside itself costs.
 */
public class BenchTrivialWorkflowImpl implements BenchTrivialWorkflow {
  private final EchoActivities echo =
      Workflow.newActivityStub(
          EchoActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  @Override
  public TrivialPayload run(TrivialPayload input) {
    return echo.echo(input);
  }
}

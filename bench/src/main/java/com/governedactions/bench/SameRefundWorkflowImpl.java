package com.governedactions.bench;

import com.governedactions.action.connector.ConnectorActivities;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.action.workflow.ActionActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * One connector activity with the governed workflow's options for a forward call (heartbeats,
 * retries, the non-retryable refusals), and nothing else: no rules, no audit, no state.
 */
public class SameRefundWorkflowImpl implements SameRefundWorkflow {
  private final ConnectorActivities connectors =
      Workflow.newActivityStub(ConnectorActivities.class, ActionActivityOptions.CONNECTOR);

  @Override
  public StepOutcome run(StepCommand refund) {
    return connectors.execute(refund);
  }
}

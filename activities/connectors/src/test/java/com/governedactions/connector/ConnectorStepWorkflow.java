package com.governedactions.connector;

import com.governedactions.action.workflow.ActionActivityOptions;

import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One connector step with the production activity options, so tests see Temporal's real retries. */
@WorkflowInterface
public interface ConnectorStepWorkflow {
  @WorkflowMethod
  StepOutcome run(StepCommand command);

  class Impl implements ConnectorStepWorkflow {
    private final com.governedactions.action.connector.ConnectorActivities connector =
        io.temporal.workflow.Workflow.newActivityStub(
            com.governedactions.action.connector.ConnectorActivities.class, ActionActivityOptions.CONNECTOR);

    @Override
    public StepOutcome run(StepCommand command) {
      return connector.execute(command);
    }
  }
}

package com.governedactions.action.connector;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls into the company's systems. Both methods are idempotent on {@link
 * StepCommand#idempotencyKey()}. A business refusal fails with a non-retryable {@code
 * ApplicationFailure} of type {@link ConnectorErrors#REFUSED}; a transient failure with the
 * retryable type {@link ConnectorErrors#UNAVAILABLE}; the failure details carry a {@link
 * StepFailure}.
 */
@ActivityInterface
public interface ConnectorActivities {
  @ActivityMethod(name = "ExecuteStep")
  StepOutcome execute(StepCommand command);

  /** Undoes a step; succeeds without doing anything when the step never took effect. */
  @ActivityMethod(name = "CompensateStep")
  StepOutcome compensate(StepCommand command);
}

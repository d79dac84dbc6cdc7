package com.governedactions.connector;

import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
/**
 * One connected system (payments, order management, CRM, ticketing). Implementations are Spring
 * beans; {@link ConnectorActivitiesImpl} hands each step to the first one that supports its
 * operation. Every call must be idempotent on {@link StepCommand#idempotencyKey()}.
 */
public interface Connector {
  boolean supports(String operation);

  /**
   * @throws ConnectorException when the system refused the call or could not be reached
   */
  StepOutcome execute(StepCommand command);

  /**
   * Undoes a step. Must succeed without doing anything when the forward call never took effect:
   * {@link StepCommand#forwardResult()} is null whenever the forward call did not return.
   *
   * @throws ConnectorException when the system refused the call or could not be reached
   */
  StepOutcome compensate(StepCommand command);

  /** The {@code connector} tag of this connector's meters: a class-level name, never an id. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The circuit breakers of the systems it calls, for their state gauges. */
  default java.util.List<ConnectorBreaker> breakers() {
    return java.util.List.of();
  }
}

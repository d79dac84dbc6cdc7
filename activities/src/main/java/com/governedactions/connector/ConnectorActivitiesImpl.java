package com.governedactions.connector;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The connector activities: each step goes to the first {@link Connector} that supports its
 * operation, and a {@link ConnectorException} becomes the {@link ApplicationFailure} the workflow's
 * retry options understand (types from {@link ConnectorErrors}, details a {@link StepFailure}).
 */
@Component("connectorActivities")
public class ConnectorActivitiesImpl implements ConnectorActivities {
  private static final Logger log = LoggerFactory.getLogger(ConnectorActivitiesImpl.class);

  private final List<Connector> connectors;

  public ConnectorActivitiesImpl(List<Connector> connectors) {
    this.connectors = List.copyOf(connectors);
  }

  @Override
  public StepOutcome execute(StepCommand command) {
    return run(command, Connector::execute);
  }

  @Override
  public StepOutcome compensate(StepCommand command) {
    return run(command, Connector::compensate);
  }

  private StepOutcome run(StepCommand command, BiFunction<Connector, StepCommand, StepOutcome> call) {
    Connector connector = connectors.stream()
        .filter(candidate -> candidate.supports(command.operation()))
        .findFirst()
        .orElseThrow(() -> unknownOperation(command));
    try {
      return call.apply(connector, command);
    } catch (ConnectorException e) {
      StepFailure failure = new StepFailure(e.statusCode(), e.summary());
      if (e.retryable()) {
        log.warn("{} ({}) unavailable: {}", command.operation(), where(command), e.summary());
        throw ApplicationFailure.newFailure(
            command.operation() + " unavailable (retryable): " + e.summary(), ConnectorErrors.UNAVAILABLE.type(), failure);
      }
      log.info("{} ({}) refused: {}", command.operation(), where(command), e.summary());
      throw ApplicationFailure.newNonRetryableFailure(
          command.operation() + " refused: " + e.summary(), ConnectorErrors.REFUSED.type(), failure);
    }
  }

  private static ApplicationFailure unknownOperation(StepCommand command) {
    String summary = "no connector supports operation " + command.operation();
    return ApplicationFailure.newNonRetryableFailure(
        summary + " (" + where(command) + "): check the action type's binding in the catalog",
        ConnectorErrors.UNKNOWN_OPERATION.type(),
        new StepFailure(null, summary));
  }

  private static String where(StepCommand command) {
    return "step " + command.step() + " of " + command.actionId();
  }
}

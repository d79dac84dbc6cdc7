package com.governedactions.reversal;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.PlannedStep;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.audit.ActionListItem;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.connector.Connector;
import com.governedactions.connector.ConnectorException;
import com.governedactions.connector.SampleStoreConnector;
import com.governedactions.policy.ActionCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one step of a governed reversal ({@value ActionCatalog#REVERSE_OPERATION}): compensates the
 * original action's steps, last first, then marks the original REVERSED.
 *
 * <p>Never compensates twice: each compensation carries the key the original's own run would have
 * used ({@code <forward key>:compensate}), so a retry replays the first answer; and only the one
 * reversal run derived from the original's request id is let through, whichever way it was started.
 */
@Component
class ReversalConnector implements Connector {
  /** Data keys with which a compensation says it found nothing to undo. */
  private static final List<String> UNDONE_FLAGS = List.of("reversed", "removed", "restored");

  private final ObjectProvider<Connector> connectors;
  private final Reversals reversals;
  private final ActionListRepository actions;
  private final ReversalLedger ledger;

  ReversalConnector(
      ObjectProvider<Connector> connectors, Reversals reversals, ActionListRepository actions, ReversalLedger ledger) {
    this.connectors = connectors;
    this.reversals = reversals;
    this.actions = actions;
    this.ledger = ledger;
  }

  @Override
  public boolean supports(String operation) {
    return ActionCatalog.REVERSE_OPERATION.equals(operation);
  }

  @Override
  public StepOutcome execute(StepCommand command) {
    Object originalId = command.params() == null ? null : command.params().get("originalActionId");
    if (originalId == null) {
      throw ConnectorException.refused(null, "parameter originalActionId is missing");
    }
    ActionListItem original = actions.findById(originalId.toString())
        .orElseThrow(() -> ConnectorException.refused(null, "no action " + originalId + " to reverse"));
    String expected = Reversals.reversalActionId(original.requestId());
    if (!expected.equals(command.actionId())) {
      throw ConnectorException.refused(null,
          "only " + expected + " may reverse " + original.actionId() + ", not " + command.actionId());
    }
    if (original.status() == ActionStatus.REVERSED) {
      // A retry after the original was marked: everything below already happened.
      return new StepOutcome(200, original.actionId() + " already reversed", Map.of("originalActionId", original.actionId()));
    }
    if (original.status() != ActionStatus.SUCCEEDED) {
      throw ConnectorException.refused(null, original.actionId() + " is " + original.status() + ", not SUCCEEDED");
    }
    Optional<String> irreversible = reversals.whyNotReversible(original.type());
    if (irreversible.isPresent()) {
      throw ConnectorException.refused(null, irreversible.get());
    }

    List<PlannedStep> plan = reversals.plan(original.type());
    List<String> undone = new ArrayList<>();
    for (int i = plan.size() - 1; i >= 0; i--) {
      PlannedStep step = plan.get(i);
      String key = ActionIds.idempotencyKey(original.actionId(), i, step.operation())
          + SampleStoreConnector.COMPENSATION_SUFFIX;
      StepCommand compensation =
          new StepCommand(original.actionId(), i, step.compensation(), command.params(), key, null);
      StepOutcome outcome = connectorFor(step.compensation()).compensate(compensation);
      if (changedNothing(outcome)) {
        throw ConnectorException.refused(outcome.statusCode(),
            step.compensation() + " found nothing to undo for step " + i + " of " + original.actionId()
                + ": " + outcome.summary());
      }
      undone.add(step.compensation() + ": " + outcome.summary());
    }
    String summary = "reversed " + original.actionId() + " (" + String.join("; ", undone) + ")";
    ledger.markReversed(original.actionId(), "reversed by " + command.actionId() + ": " + String.join("; ", undone));
    return new StepOutcome(200, summary, Map.of("originalActionId", original.actionId()));
  }

  /** The reversal's plan step has no compensation of its own; the workflow never asks for one. */
  @Override
  public StepOutcome compensate(StepCommand command) {
    throw ConnectorException.refused(null, command.operation() + " has no compensation");
  }

  private Connector connectorFor(String operation) {
    return connectors.orderedStream()
        .filter(candidate -> candidate != this && candidate.supports(operation))
        .findFirst()
        .orElseThrow(() -> ConnectorException.refused(null, "no connector supports " + operation));
  }

  private static boolean changedNothing(StepOutcome outcome) {
    return outcome.statusCode() == SampleStoreConnector.NO_CALL
        || UNDONE_FLAGS.stream().anyMatch(flag -> Boolean.FALSE.equals(outcome.data().get(flag)));
  }
}

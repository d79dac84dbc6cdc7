package com.governedactions.action.policy;

import com.governedactions.action.Decision;
import com.governedactions.action.PlannedStep;
import java.time.Duration;
import java.util.List;

/**
 * Everything the workflow needs to govern one action, decided outside it so the workflow stays
 * free of configuration and I/O.
 *
 * @param confirmationText the question for the customer, e.g. "Refund USD 89.50 to order A-1001?"
 * @param confirmationTimeout how long the customer has to answer
 * @param plan the connector calls that execute the action, in order
 */
public record Evaluation(
    Decision decision, String confirmationText, Duration confirmationTimeout, List<PlannedStep> plan) {
  public Evaluation {
    plan = List.copyOf(plan);
  }
}

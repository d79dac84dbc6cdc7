package com.governedactions.policy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import com.governedactions.action.policy.RuleActivities;
import com.governedactions.observability.MeterRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The rule check, run as a local activity: reads the active policy and, only when a candidate rule
 * needs it, one history aggregate from the database.
 */
@Component("ruleActivities")
class RuleActivitiesImpl implements RuleActivities {
  private final ActivePolicy activePolicy;
  private final RuleEngine engine;
  private final ActionCatalog catalog;
  private final Duration confirmationTimeout;
  private final Clock clock;
  private final RuleMeters meters;

  @Autowired
  RuleActivitiesImpl(
      ActivePolicy activePolicy, RuleEngine engine, ActionCatalog catalog, RulesProperties properties,
      ObjectProvider<MeterRegistry> registry) {
    this(activePolicy, engine, catalog, properties.confirmation().timeout(), Clock.systemUTC(),
        MeterRegistries.orNoop(registry));
  }

  RuleActivitiesImpl(
      ActivePolicy activePolicy, RuleEngine engine, ActionCatalog catalog, Duration confirmationTimeout, Clock clock) {
    this(activePolicy, engine, catalog, confirmationTimeout, clock, new CompositeMeterRegistry());
  }

  RuleActivitiesImpl(
      ActivePolicy activePolicy, RuleEngine engine, ActionCatalog catalog, Duration confirmationTimeout, Clock clock,
      MeterRegistry registry) {
    this.activePolicy = activePolicy;
    this.engine = engine;
    this.catalog = catalog;
    this.confirmationTimeout = confirmationTimeout;
    this.clock = clock;
    this.meters = new RuleMeters(registry);
  }

  @Override
  public Evaluation evaluate(EvaluateCommand command) {
    ActionRequest request = command.request();
    long started = System.nanoTime();
    Effect effect = null;
    Decision decision;
    try {
      decision = engine.decide(activePolicy.current(), command.actionId(), request, clock.instant());
      effect = decision.effect();
    } finally {
      meters.record(request.type(), effect, System.nanoTime() - started);
    }
    // A denied request may have invalid parameters: there is nothing to ask or to execute.
    Optional<ActionType> type =
        decision.effect() == Effect.DENY ? Optional.empty() : catalog.find(request.type());
    return new Evaluation(
        decision,
        type.map(t -> ActionParams.confirmationText(t, request.params())).orElse(null),
        confirmationTimeout,
        type.map(ActionType::plan).orElse(List.of()));
  }
}

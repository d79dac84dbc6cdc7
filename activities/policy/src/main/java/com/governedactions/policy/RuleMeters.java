package com.governedactions.policy;

import com.governedactions.action.Effect;
import com.governedactions.observability.BoundedTag;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code governed_policy_decision_seconds{type,effect}}: how long the rule check takes, including
 * any history aggregate it reads from the database (docs/operations.md). Recorded by the rule
 * activity, never by the workflow, so a replay records nothing.
 */
final class RuleMeters {
  static final String DECISION = "governed.policy.decision";
  /** A check that threw (no effect): a database outage reading history, say. */
  static final String FAILED = "failed";

  private final MeterRegistry registry;
  private final BoundedTag types = new BoundedTag(200);
  /** One timer per type and effect (the last slot: failed), found without allocating. */
  private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

  RuleMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String actionType, Effect effect, long nanos) {
    String type = types.of(actionType);
    Timer[] byEffect = timers.computeIfAbsent(type, ignored -> new Timer[Effect.values().length + 1]);
    int slot = effect == null ? Effect.values().length : effect.ordinal();
    Timer timer = byEffect[slot];
    if (timer == null) {
      timer = Timer.builder(DECISION)
          .description("Policy decision latency (the rule check), by action type and effect")
          .tag("type", type)
          .tag("effect", effect == null ? FAILED : effect.json())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry); // idempotent: a racing thread gets the same timer
      byEffect[slot] = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}

package com.governedactions.connector;

import com.governedactions.observability.BoundedTag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Connector meters (docs/operations.md): {@code governed_connector_calls_seconds} (latency and
 * count of every call, by connector, operation, kind and outcome, so errors are the calls whose
 * outcome is not {@code success}) and {@code governed_connector_breaker_state} (1 for each
 * breaker's current state, 0 for the others).
 */
final class ConnectorMeters {
  static final String CALLS = "governed.connector.calls";
  static final String BREAKER_STATE = "governed.connector.breaker.state";

  enum Kind { EXECUTE, COMPENSATE }

  enum Outcome { SUCCESS, REFUSED, UNAVAILABLE, ERROR }

  private record Key(String connector, String operation, Kind kind, Outcome outcome) {}

  private final MeterRegistry registry;
  private final BoundedTag operations = new BoundedTag(200);
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  ConnectorMeters(MeterRegistry registry, List<Connector> connectors) {
    this.registry = registry;
    for (Connector connector : connectors) {
      for (ConnectorBreaker breaker : connector.breakers()) {
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
          Gauge.builder(BREAKER_STATE, breaker, b -> b.state() == state ? 1 : 0)
              .description("1 for the circuit breaker's current state, 0 for the others")
              .tag("system", breaker.system())
              .tag("state", state.name().toLowerCase(Locale.ROOT))
              .register(registry);
        }
      }
    }
  }

  void record(Connector connector, String operation, Kind kind, Outcome outcome, long nanos) {
    Key key = new Key(connector.name(), operations.of(operation), kind, outcome);
    timers.computeIfAbsent(key, this::timer).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder(CALLS)
        .description("Connector calls: latency, and by outcome the errors")
        .tag("connector", key.connector())
        .tag("operation", key.operation())
        .tag("kind", key.kind().name().toLowerCase(Locale.ROOT))
        .tag("outcome", key.outcome().name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
  }
}

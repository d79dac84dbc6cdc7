package com.governedactions.connector;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected system's circuit breaker. Only "unavailable" failures count against the system: a
 * business refusal is an answer, so it counts as a success. While the breaker is open, calls are not
 * made at all; each fails at once as retryable, asking for the rest of the open period as its next
 * retry delay, so queued actions wait for the system instead of burning attempts against it. After
 * that, trial calls go through (half-open) and their outcome closes or re-opens the breaker.
 *
 * <p>Never executes anything twice: an open breaker makes no call, and every call that is made
 * carries the step's idempotency key.
 */
public final class ConnectorBreaker {
  private static final Logger log = LoggerFactory.getLogger(ConnectorBreaker.class);
  /** The shortest next-retry delay asked for while open, so a retry never races the transition. */
  private static final Duration MIN_WAIT = Duration.ofSeconds(1);

  private final String system;
  private final CircuitBreaker breaker;
  private final Duration openFor;
  private final Clock clock;
  private final AtomicReference<Instant> openedAt = new AtomicReference<>(Instant.EPOCH);

  /**
   * @param failureRateThreshold percent of unavailable calls that opens the breaker
   * @param slidingWindow how many recent calls the rate is measured over
   * @param minimumCalls calls needed before the rate counts
   * @param openFor how long it stays open before letting trial calls through
   * @param halfOpenCalls trial calls that decide between closed and open again
   */
  public ConnectorBreaker(
      String system,
      float failureRateThreshold,
      int slidingWindow,
      int minimumCalls,
      Duration openFor,
      int halfOpenCalls,
      Clock clock) {
    this.system = system;
    this.openFor = openFor;
    this.clock = clock;
    this.breaker = CircuitBreaker.of(system, CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRateThreshold)
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(slidingWindow)
        .minimumNumberOfCalls(minimumCalls)
        .waitDurationInOpenState(openFor)
        .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
        .recordException(e -> e instanceof ConnectorException c && c.retryable())
        .clock(clock)
        .build());
    breaker.getEventPublisher().onStateTransition(event -> {
      if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
        openedAt.set(clock.instant());
      }
      log.warn("circuit breaker of {}: {}", system, event.getStateTransition());
    });
  }

  public <T> T call(Supplier<T> call) {
    try {
      return breaker.executeSupplier(call);
    } catch (CallNotPermittedException open) {
      Duration wait = remainingOpen();
      throw ConnectorException.unavailableFor(null,
          system + " is failing (circuit breaker " + breaker.getState() + "); not called, next try in "
              + wait.toSeconds() + "s",
          wait);
    }
  }

  /** The connected system's name, the {@code system} tag of the breaker's state gauge. */
  public String system() {
    return system;
  }

  public CircuitBreaker.State state() {
    return breaker.getState();
  }

  private Duration remainingOpen() {
    Duration left = Duration.between(clock.instant(), openedAt.get().plus(openFor));
    return left.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : left;
  }
}

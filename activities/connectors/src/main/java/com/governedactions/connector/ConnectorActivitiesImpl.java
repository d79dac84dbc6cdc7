package com.governedactions.connector;

import com.governedactions.action.connector.ConnectorActivities;
import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepFailure;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.observability.MeterRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The connector activities: each step goes to the first {@link Connector} that supports its
 * operation, and a {@link ConnectorException} becomes the {@link ApplicationFailure} the workflow's
 * retry options understand (types from {@link ConnectorErrors}, details a {@link StepFailure}).
 *
 * <p>Inside a Temporal activity the call runs on its own thread while this one heartbeats every
 * {@link #HEARTBEAT_EVERY}: a long call stays alive, and a worker that dies mid-call is noticed
 * within the heartbeat timeout instead of the whole start-to-close timeout. A retry then sends the
 * same idempotency key.
 */
@Component("connectorActivities")
public class ConnectorActivitiesImpl implements ConnectorActivities, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ConnectorActivitiesImpl.class);
  public static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);

  private final List<Connector> connectors;
  private final ConnectorMeters meters;
  private final ExecutorService calls = Executors.newCachedThreadPool(daemonThreads());

  public ConnectorActivitiesImpl(List<Connector> connectors) {
    this(connectors, new CompositeMeterRegistry());
  }

  @Autowired
  ConnectorActivitiesImpl(List<Connector> connectors, ObjectProvider<MeterRegistry> registry) {
    this(connectors, MeterRegistries.orNoop(registry));
  }

  ConnectorActivitiesImpl(List<Connector> connectors, MeterRegistry registry) {
    this.connectors = List.copyOf(connectors);
    this.meters = new ConnectorMeters(registry, this.connectors);
  }

  @Override
  public StepOutcome execute(StepCommand command) {
    return run(command, ConnectorMeters.Kind.EXECUTE, Connector::execute);
  }

  @Override
  public StepOutcome compensate(StepCommand command) {
    return run(command, ConnectorMeters.Kind.COMPENSATE, Connector::compensate);
  }

  @Override
  public void destroy() {
    calls.shutdownNow();
  }

  private StepOutcome run(
      StepCommand command, ConnectorMeters.Kind kind, BiFunction<Connector, StepCommand, StepOutcome> call) {
    Connector connector = connectors.stream()
        .filter(candidate -> candidate.supports(command.operation()))
        .findFirst()
        .orElseThrow(() -> unknownOperation(command));
    long started = System.nanoTime();
    ConnectorMeters.Outcome outcome = ConnectorMeters.Outcome.ERROR;
    try {
      StepOutcome result = callHeartbeating(() -> call.apply(connector, command));
      outcome = ConnectorMeters.Outcome.SUCCESS;
      return result;
    } catch (ConnectorException e) {
      outcome = e.retryable() ? ConnectorMeters.Outcome.UNAVAILABLE : ConnectorMeters.Outcome.REFUSED;
      StepFailure failure = new StepFailure(e.statusCode(), e.summary());
      if (e.retryable()) {
        log.warn("{} ({}) unavailable: {}", command.operation(), where(command), e.summary());
        return throwRetryable(command, e, failure);
      }
      log.info("{} ({}) refused: {}", command.operation(), where(command), e.summary());
      throw ApplicationFailure.newNonRetryableFailure(
          command.operation() + " refused: " + e.summary(), ConnectorErrors.REFUSED.type(), failure);
    } finally {
      meters.record(connector, command.operation(), kind, outcome, System.nanoTime() - started);
    }
  }

  /** A retryable failure; a Retry-After (or an open breaker's wait) becomes the next retry delay. */
  private static StepOutcome throwRetryable(StepCommand command, ConnectorException e, StepFailure failure) {
    ApplicationFailure.Builder builder = ApplicationFailure.newBuilder()
        .setMessage(command.operation() + " unavailable (retryable): " + e.summary())
        .setType(ConnectorErrors.UNAVAILABLE.type())
        .setDetails(failure);
    if (e.retryAfter() != null) {
      builder.setNextRetryDelay(e.retryAfter());
    }
    throw builder.build();
  }

  /**
   * Outside an activity (plain unit tests) the call simply runs here. Inside one it runs on a pool
   * thread; a cancelled or timed-out activity (the heartbeat says so) interrupts it.
   */
  private StepOutcome callHeartbeating(java.util.function.Supplier<StepOutcome> call) {
    ActivityExecutionContext context = activityContext();
    if (context == null) {
      return call.get();
    }
    context.heartbeat(null);
    // The call's own thread logs with the activity's MDC (the action's ids) too.
    java.util.Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
    Future<StepOutcome> running = calls.submit(() -> {
      if (mdc != null) {
        org.slf4j.MDC.setContextMap(mdc);
      }
      try {
        return call.get();
      } finally {
        org.slf4j.MDC.clear();
      }
    });
    try {
      while (true) {
        try {
          return running.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          context.heartbeat(null);
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ConnectorException.unavailable(null, "interrupted while waiting for the connector", e);
    } finally {
      // Runs on a heartbeat failure too (activity cancelled or timed out): stop the call.
      running.cancel(true);
    }
  }

  private static ActivityExecutionContext activityContext() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return null;
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

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "connector-call-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

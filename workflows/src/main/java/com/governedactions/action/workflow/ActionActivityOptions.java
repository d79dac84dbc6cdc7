package com.governedactions.action.workflow;

import com.governedactions.action.connector.ConnectorErrors;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Every timeout and retry policy of the workflow's activities, in one place.
 *
 * <p>Rule checks, principal look-ups and audit writes are local activities: they touch only this
 * service's own database, and running them inside the workflow task keeps a governed action nearly
 * as cheap as a bare one. They retry without limit, because the workflow must not move on without
 * its audit record. Connector calls reach other systems and are ordinary activities.
 */
public final class ActionActivityOptions {
  private ActionActivityOptions() {}

  /**
   * Unbounded in effect: at most 30 s apart, {@link Integer#MAX_VALUE} attempts outlast any outage.
   * Not 0 ("unlimited"): the SDK (LocalActivityWorker.isRetryPolicyNotSet, 1.38) reads a local
   * activity with no schedule-to-close timeout and maximumAttempts 0 as having no retry policy at
   * all, and fails it after one attempt (RETRY_STATE_RETRY_POLICY_NOT_SET), which ended the whole
   * workflow on the first refused database connection. No schedule-to-close timeout either, since
   * any deadline would end the workflow during a long enough outage.
   */
  private static final RetryOptions LOCAL_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(200))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(Integer.MAX_VALUE)
          .build();

  static final LocalActivityOptions RULES =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(LOCAL_RETRY)
          .build();

  static final LocalActivityOptions DIRECTORY =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setRetryOptions(LOCAL_RETRY)
          .build();

  static final LocalActivityOptions AUDIT =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(LOCAL_RETRY)
          .build();

  private static final String[] NOT_RETRYABLE = {
    ConnectorErrors.REFUSED.type(), ConnectorErrors.UNKNOWN_OPERATION.type()
  };

  /**
   * How long one connector attempt may run. Connectors heartbeat every 2 s while a call is in
   * flight (ConnectorActivitiesImpl), so a long call may use all of it, while a worker that dies
   * mid-call is noticed after {@link #CONNECTOR_HEARTBEAT}. Per-call HTTP timeouts must stay below
   * it (the HTTP connector refuses to start otherwise).
   */
  static final Duration CONNECTOR_ATTEMPT = Duration.ofMinutes(2);

  static final Duration CONNECTOR_HEARTBEAT = Duration.ofSeconds(10);

  /**
   * A forward call: retried with backoff, without an attempt limit, for up to a day; then the action
   * fails and compensates. A day, not an hour, so that a connector that is down for hours (its
   * circuit breaker open, every attempt failing fast and asking for the breaker's wait as the next
   * retry delay) holds the action in EXECUTING until it recovers instead of failing it. The
   * idempotency key makes every retry safe.
   */
  public static final ActivityOptions CONNECTOR = connectorCall(Duration.ofMinutes(1));

  /** A compensation must get through if at all possible: retried for a day. */
  static final ActivityOptions COMPENSATION = connectorCall(Duration.ofMinutes(5));

  /**
   * A connector call: heartbeating attempts, retried with backoff for up to a day, never for a
   * business refusal; only how far apart retries may drift differs between forward and compensation.
   */
  private static ActivityOptions connectorCall(Duration maximumRetryInterval) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(CONNECTOR_ATTEMPT)
        .setHeartbeatTimeout(CONNECTOR_HEARTBEAT)
        .setScheduleToCloseTimeout(Duration.ofDays(1))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(maximumRetryInterval)
                .setDoNotRetry(NOT_RETRYABLE)
                .build())
        .build();
  }
}

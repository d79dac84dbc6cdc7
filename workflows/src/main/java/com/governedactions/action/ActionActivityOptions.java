package com.governedactions.action;

import com.governedactions.connector.ConnectorErrors;
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
final class ActionActivityOptions {
  private ActionActivityOptions() {}

  private static final RetryOptions LOCAL_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(200))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofSeconds(30))
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

  /** A forward call: retried with backoff for up to an hour, then the action fails and compensates. */
  static final ActivityOptions CONNECTOR =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setDoNotRetry(NOT_RETRYABLE)
                  .build())
          .build();

  /** A compensation must get through if at all possible: retried for a day. */
  static final ActivityOptions COMPENSATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofDays(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(5))
                  .setDoNotRetry(NOT_RETRYABLE)
                  .build())
          .build();
}

package com.governedactions.worker;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health component {@code temporal}, part of the readiness group: UP when the Temporal frontend
 * answers a GetSystemInfo call within {@link #TIMEOUT}, DOWN otherwise (an outage never makes the
 * health endpoint hang).
 */
@Component("temporalHealthIndicator")
class TemporalHealthIndicator extends AbstractHealthIndicator {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final WorkflowServiceStubs stubs;
  private final Duration timeout;

  @Autowired
  TemporalHealthIndicator(WorkflowServiceStubs stubs) {
    this(stubs, TIMEOUT);
  }

  TemporalHealthIndicator(WorkflowServiceStubs stubs, Duration timeout) {
    super("Temporal health check failed");
    this.stubs = stubs;
    this.timeout = timeout;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    try {
      var info = stubs.blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      builder.up().withDetail("serverVersion", info.getServerVersion());
    } catch (StatusRuntimeException e) {
      builder.down().withDetail("status", e.getStatus().getCode().name())
          .withDetail("error", String.valueOf(e.getStatus().getDescription()));
    }
  }
}

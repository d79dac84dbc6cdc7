package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class TemporalHealthIndicatorTest {
  @Test
  void given_noTemporalListening_when_healthIsChecked_then_downWithinTheTimeout() {
    int port = TemporalTestApplication.freePort();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + port).build());
    try {
      long started = System.nanoTime();
      Health health = new TemporalHealthIndicator(stubs, Duration.ofMillis(500)).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("status", "UNAVAILABLE");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      stubs.shutdownNow();
    }
  }
}

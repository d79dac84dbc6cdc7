package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TemporalUnavailableFailureAnalyzerTest {
  private static final String TARGET = "temporal.internal:7233";

  @Test
  void given_temporal_unavailable_when_analysed_then_one_line_names_the_target_the_reason_and_the_ways_out() {
    StatusRuntimeException refused = Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("finishConnect(..) failed: Connection refused: /10.0.0.7:7233"))
        .asRuntimeException();

    FailureAnalysis analysis = analyze(refused);

    assertThat(analysis.getDescription())
        .startsWith("Temporal is not reachable at " + TARGET
            + " (Connection refused: /10.0.0.7:7233)")
        .contains("dev/temporal.sh")
        .contains("GOVERNED_TEMPORAL_TARGET")
        .doesNotContain("\n");
    assertThat(analysis.getAction()).isNull();
  }

  @Test
  void given_no_transport_cause_when_analysed_then_the_status_description_is_the_reason() {
    FailureAnalysis analysis = analyze(Status.UNAVAILABLE.withDescription("Network closed for unknown reason").asRuntimeException());

    assertThat(analysis.getDescription())
        .startsWith("Temporal is not reachable at " + TARGET + " (Network closed for unknown reason)");
  }

  @Test
  void given_a_grpc_failure_that_is_not_about_reaching_temporal_when_analysed_then_spring_boot_reports_it_in_full() {
    FailureAnalysis analysis =
        analyze(Status.NOT_FOUND.withDescription("Namespace governed is not found.").asRuntimeException());

    assertThat(analysis).isNull();
  }

  private static FailureAnalysis analyze(StatusRuntimeException failure) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("spring.temporal.connection.target", TARGET)));
    // Wrapped as the Temporal starter's ready-event listener lets it through SpringApplication.run.
    return new TemporalUnavailableFailureAnalyzer(environment)
        .analyze(new IllegalStateException("worker factory failed to start", failure));
  }
}

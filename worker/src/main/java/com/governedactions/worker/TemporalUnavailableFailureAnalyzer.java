package com.governedactions.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns "cannot reach Temporal" at start (the worker's first call, when it starts polling) into one
 * line that names the target and says how to fix it, instead of a wall of gRPC stack traces. Once
 * started, the service rides out a Temporal outage by itself; only the start needs Temporal up.
 * Other gRPC failures (an unknown namespace, say) keep Spring Boot's full report.
 */
class TemporalUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<StatusRuntimeException> {
  private final Environment environment;

  TemporalUnavailableFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StatusRuntimeException cause) {
    if (cause.getStatus().getCode() != Status.Code.UNAVAILABLE) {
      return null;
    }
    String target = environment.getProperty("spring.temporal.connection.target", "(no target configured)");
    // One line, no Action section: the line already says what to do.
    return new FailureAnalysis(
        "Temporal is not reachable at " + target + " (" + reason(cause) + "): start it (dev/temporal.sh"
            + " runs the dev server), or set GOVERNED_TEMPORAL_TARGET to the host:port of a running Temporal"
            + " frontend.",
        null,
        cause);
  }

  /** What the transport said, e.g. "... Connection refused: /127.0.0.1:7233", else gRPC's description. */
  private static String reason(StatusRuntimeException e) {
    String message = e.getCause() != null ? e.getCause().getMessage() : e.getStatus().getDescription();
    return message == null || message.isBlank() ? e.getStatus().getCode().name() : message.strip();
  }
}

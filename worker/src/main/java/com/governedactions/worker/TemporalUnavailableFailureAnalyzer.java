package com.governedactions.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns "cannot reach the Temporal frontend" at start into one line that names the target and says
 * how to fix it, instead of gRPC's nested stack traces. Other gRPC failures keep the full report.
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
    return new FailureAnalysis(
        "Temporal is not reachable at " + target + " (" + reason(cause) + "): start it (in a checkout of"
            + " this project: dev/temporal.sh start, or dev/run for the whole stack), or set"
            + " GOVERNED_TEMPORAL_TARGET to the host:port of a running Temporal frontend.",
        null,
        cause);
  }

  /**
   * What the transport said, e.g. "Connection refused: localhost/127.0.0.1:7299" (the direct cause,
   * which names the address), else gRPC's description of the status.
   */
  private static String reason(StatusRuntimeException e) {
    String message = e.getCause() != null ? e.getCause().getMessage() : e.getStatus().getDescription();
    if (message == null || message.isBlank()) {
      return e.getStatus().getCode().name();
    }
    return message.replaceFirst("^finishConnect\\(\\.\\.\\) failed: ", "").strip();
  }
}

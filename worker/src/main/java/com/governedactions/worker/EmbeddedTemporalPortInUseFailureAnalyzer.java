package com.governedactions.worker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class EmbeddedTemporalPortInUseFailureAnalyzer
    extends AbstractFailureAnalyzer<EmbeddedTemporalPortInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedTemporalPortInUseException cause) {
    return new FailureAnalysis(
        "Port " + cause.port() + " for the embedded Temporal service is already in use"
            + " (another instance of this service, or a Temporal server, is listening there).",
        "Stop the other process, or set GOVERNED_TEMPORAL_EMBEDDED_PORT to a free port,"
            + " or set GOVERNED_TEMPORAL_TARGET=localhost:" + cause.port()
            + " to use the Temporal service that is already running.",
        cause);
  }
}

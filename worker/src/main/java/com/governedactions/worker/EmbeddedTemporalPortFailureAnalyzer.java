package com.governedactions.worker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

class EmbeddedTemporalPortFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedTemporalPortUnavailableException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedTemporalPortUnavailableException cause) {
    return new FailureAnalysis(
        "Port " + cause.port() + " for the embedded Temporal service is not available (" + cause.reason() + "):"
            + " stop the process that holds it (another instance of this service?),"
            + " set GOVERNED_TEMPORAL_EMBEDDED_PORT to a free port,"
            + " or set GOVERNED_TEMPORAL_TARGET=localhost:" + cause.port() + " to use the Temporal service already there.",
        null,
        cause);
  }
}

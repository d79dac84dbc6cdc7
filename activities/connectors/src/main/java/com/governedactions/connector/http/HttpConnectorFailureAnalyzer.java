package com.governedactions.connector.http;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A broken governed.connectors.http stops the start with its list of problems, not a stack trace. */
class HttpConnectorFailureAnalyzer extends AbstractFailureAnalyzer<HttpConnectorConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, HttpConnectorConfigurationException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Fix the properties listed above; docs/connectors.md describes each one.", cause);
  }
}

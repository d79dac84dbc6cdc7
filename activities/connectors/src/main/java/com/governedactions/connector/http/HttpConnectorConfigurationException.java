package com.governedactions.connector.http;

import java.util.List;

/** The HTTP connector's configuration is wrong; the message lists every property to fix. */
class HttpConnectorConfigurationException extends IllegalStateException {
  private final List<String> problems;

  HttpConnectorConfigurationException(List<String> problems) {
    super("governed.connectors.http is not valid; fix:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

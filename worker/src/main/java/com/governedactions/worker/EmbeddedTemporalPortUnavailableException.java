package com.governedactions.worker;

import org.springframework.core.NestedExceptionUtils;

/** The embedded Temporal service could not listen on its port; analysed into one clear message. */
class EmbeddedTemporalPortUnavailableException extends RuntimeException {
  private final int port;

  EmbeddedTemporalPortUnavailableException(int port, Throwable cause) {
    super("the embedded Temporal service cannot listen on port " + port + ": "
        + NestedExceptionUtils.getMostSpecificCause(cause).getMessage(), cause);
    this.port = port;
  }

  int port() {
    return port;
  }

  String reason() {
    return NestedExceptionUtils.getMostSpecificCause(getCause()).getMessage();
  }
}

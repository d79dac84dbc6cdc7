package com.governedactions.worker;

/** The embedded Temporal service could not listen on its port; analysed into one clear message. */
class EmbeddedTemporalPortInUseException extends RuntimeException {
  private final int port;

  EmbeddedTemporalPortInUseException(int port, Throwable cause) {
    super("port " + port + " for the embedded Temporal service is already in use", cause);
    this.port = port;
  }

  int port() {
    return port;
  }
}

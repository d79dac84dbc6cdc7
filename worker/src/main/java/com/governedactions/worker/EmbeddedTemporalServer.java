package com.governedactions.worker;

import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Temporal service of dev mode, listening on a real port so that the Temporal CLI and
 * a second process can reach it. Its state lives and dies with this process.
 */
final class EmbeddedTemporalServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  private final PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporalServer(PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedTemporalServer start(int port) {
    PortBoundTestServer server;
    try {
      // lockTimeSkipping = true: timers fire on the wall clock as in a real cluster, so an
      // approval SLA of four hours takes four hours.
      server = TestServer.createPortBoundServer(port, true);
    } catch (RuntimeException e) {
      // Binding the port is the only I/O the server does when it starts.
      if (e.getCause() instanceof IOException) {
        throw new EmbeddedTemporalPortUnavailableException(port, e);
      }
      throw e;
    }
    log.info("Embedded Temporal service (in-memory, dev mode) listening on localhost:{}", port);
    return new EmbeddedTemporalServer(server, port);
  }

  String target() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.close();
    log.info("Embedded Temporal service on localhost:{} stopped", port);
  }
}

package com.governedactions.worker;

import com.governedactions.action.ActionSearchAttributes;
import com.governedactions.worker.GovernedTemporalProperties.SearchAttributeType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Temporal service of dev mode, listening on a real port so that the Temporal CLI and
 * a second process can reach it. Its state lives and dies with this process.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  private final PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporalServer(PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** The dev-mode service for the GovernedAction workflow, in namespace {@code default}: for tests too. */
  public static EmbeddedTemporalServer start(int port) {
    return start(port, "default", Map.of());
  }

  /**
   * Starts listening on {@code port} and registers the GovernedAction workflow's search attributes
   * (part of its contract, so always) and any further {@code configured} ones.
   */
  static EmbeddedTemporalServer start(int port, String namespace, Map<String, SearchAttributeType> searchAttributes) {
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
    EmbeddedTemporalServer embedded = new EmbeddedTemporalServer(server, port);
    try {
      embedded.register(namespace, withTheWorkflowsOwn(searchAttributes));
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
    log.warn(
        "Embedded in-memory Temporal test service on localhost:{}: actions waiting for a person or a"
            + " timer will NOT survive a restart here, and there is no Temporal UI; dev/run uses the"
            + " persistent Temporal dev server instead",
        port);
    return embedded;
  }

  /**
   * The service refuses a workflow task that sets an unregistered search attribute, so they are
   * registered before any worker polls. The in-memory service cannot list them; it answers
   * ALREADY_EXISTS for its predefined ones, which is what we want.
   */
  private void register(String namespace, Map<String, SearchAttributeType> searchAttributes) {
    if (searchAttributes.isEmpty()) {
      return;
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder().setTarget(target()).validateAndBuildWithDefaults());
    try {
      searchAttributes.forEach(
          (name, type) -> {
            try {
              operator
                  .blockingStub()
                  .addSearchAttributes(
                      AddSearchAttributesRequest.newBuilder()
                          .setNamespace(namespace)
                          .putSearchAttributes(name, type.indexedValueType())
                          .build());
            } catch (StatusRuntimeException e) {
              if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw new IllegalStateException(
                    "cannot register search attribute " + name + " (" + type + ") on the embedded Temporal service", e);
              }
            }
          });
    } finally {
      operator.shutdownNow();
    }
  }

  private static Map<String, SearchAttributeType> withTheWorkflowsOwn(Map<String, SearchAttributeType> configured) {
    Map<String, SearchAttributeType> all = new LinkedHashMap<>();
    ActionSearchAttributes.DEFINITIONS.forEach(
        (name, type) -> all.put(name, SearchAttributeType.valueOf(type.toUpperCase(Locale.ROOT))));
    all.putAll(configured);
    return all;
  }

  public String target() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.close();
    log.info("Embedded Temporal service on localhost:{} stopped", port);
  }
}

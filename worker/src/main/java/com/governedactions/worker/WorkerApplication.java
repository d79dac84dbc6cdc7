package com.governedactions.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The worker alone: the GovernedAction workflow and its activities (rules, connectors, audit,
 * directory) polling the {@code governed-actions} task queue. Production runs it beside API-only
 * processes ({@code governed.worker.enabled=false}) against a Temporal cluster.
 *
 * <p>It serves no HTTP unless {@code governed.worker.http-port} is given (as an argument or as
 * {@code GOVERNED_WORKER_HTTPPORT}): then only the actuator endpoints, health groups and {@code
 * /actuator/prometheus}, on that port (docs/operations.md). Off by default, so several workers on
 * one host (as the crash tests run them) never compete for a port.
 */
@SpringBootApplication(scanBasePackages = "com.governedactions")
public class WorkerApplication {
  static final String HTTP_PORT = "governed.worker.http-port";

  public static void main(String[] args) {
    Optional<Integer> httpPort = httpPort(args);
    List<String> arguments = new ArrayList<>(List.of(args));
    // An argument, so that the port asked for wins over the shared default server.port (8080).
    httpPort.ifPresent(port -> arguments.add("--server.port=" + port));
    new SpringApplicationBuilder(WorkerApplication.class)
        .web(httpPort.isPresent() ? WebApplicationType.SERVLET : WebApplicationType.NONE)
        .properties("spring.application.name=governed-actions-worker")
        .run(arguments.toArray(String[]::new));
  }

  /** Read before the context exists, from the arguments and the environment (relaxed names). */
  static Optional<Integer> httpPort(String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    ConfigurationPropertySources.attach(environment);
    BindResult<Integer> port = Binder.get(environment).bind(HTTP_PORT, Integer.class);
    return port.isBound() ? Optional.of(port.get()) : Optional.empty();
  }
}

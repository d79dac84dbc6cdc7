package com.governedactions.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Temporal part of the service and nothing else: auto-configuration (the starter and the
 * embedded service) with the service's worker options, plus a test activity bean the worker can be
 * pointed at by name.
 */
@SpringBootConfiguration
@Import(HeartbeatThrottle.class)
@EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
class TemporalTestApplication {
  static final String TASK_QUEUE = "embedded-test";

  @Bean
  GreetingActivities greetingActivities() {
    return new GreetingActivitiesImpl();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

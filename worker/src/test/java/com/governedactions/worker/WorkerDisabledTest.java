package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API-only process: a Temporal client, but no worker registered or started. */
@SpringBootTest(
    classes = TemporalTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "governed.worker.enabled=false")
class WorkerDisabledTest {
  static final int PORT = TemporalTestApplication.freePort();

  @DynamicPropertySource
  static void embeddedPort(DynamicPropertyRegistry registry) {
    registry.add("governed.temporal.embedded-port", () -> PORT);
  }

  @Autowired ApplicationContext context;

  @Test
  void given_the_worker_disabled_when_started_then_there_is_a_client_but_no_worker_factory() {
    assertThat(context.getBeansOfType(WorkflowClient.class)).hasSize(1);
    assertThat(context.getBeansOfType(WorkerFactory.class)).isEmpty();
  }
}

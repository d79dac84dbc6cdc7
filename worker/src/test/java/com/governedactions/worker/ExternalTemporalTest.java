package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** A target is configured: the service uses that Temporal and starts none of its own. */
@SpringBootTest(
    classes = TemporalTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "governed.temporal.target=temporal.example.internal:7233",
      "governed.temporal.namespace=governed",
      "governed.worker.enabled=false"
    })
class ExternalTemporalTest {
  @Autowired ApplicationContext context;
  @Autowired WorkflowClient client;

  @Test
  void given_a_target_when_started_then_no_embedded_service_runs_and_the_client_uses_the_target() {
    assertThat(context.getBeansOfType(EmbeddedTemporalServer.class)).isEmpty();
    assertThat(client.getWorkflowServiceStubs().getOptions().getTarget()).isEqualTo("temporal.example.internal:7233");
    assertThat(client.getOptions().getNamespace()).isEqualTo("governed");
  }
}

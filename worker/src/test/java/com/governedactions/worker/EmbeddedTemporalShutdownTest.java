package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class EmbeddedTemporalShutdownTest {

  @Test
  void given_a_polling_worker_when_the_application_closes_then_the_port_is_released_quietly(CapturedOutput output)
      throws IOException {
    int port = TemporalTestApplication.freePort();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TemporalTestApplication.class)
            .web(WebApplicationType.NONE)
            .run(
                "--governed.temporal.embedded-port=" + port,
                "--spring.temporal.workers[0].task-queue=" + TemporalTestApplication.TASK_QUEUE,
                "--spring.temporal.workers[0].workflow-classes[0]=" + GreetingWorkflowImpl.class.getName(),
                "--spring.temporal.workers[0].activity-beans[0]=greetingActivities",
                "--governed.temporal.search-attributes.Greeted=keyword");
    GreetingWorkflow workflow =
        context
            .getBean(WorkflowClient.class)
            .newWorkflowStub(
                GreetingWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TemporalTestApplication.TASK_QUEUE)
                    .setWorkflowId("shutdown-" + port)
                    .build());
    assertThat(workflow.greet(new GreetingWorkflow.Greeting("Linus", 0))).isEqualTo("Hello, Linus!");
    long closing = System.nanoTime();

    context.close();

    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
    try (ServerSocket reused = new ServerSocket(port)) {
      assertThat(reused.getLocalPort()).isEqualTo(port);
    }
    assertThat(output.getOut()).contains("Embedded Temporal service on localhost:" + port + " stopped");
    assertThat(output.getOut()).doesNotContain(" ERROR ");
  }
}

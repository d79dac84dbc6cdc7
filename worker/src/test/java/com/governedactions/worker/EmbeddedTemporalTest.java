package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Dev mode: no target configured, so the service runs Temporal itself on the embedded port. */
@SpringBootTest(
    classes = TemporalTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      // Replaces the GovernedAction worker (declared by TemporalSettings) with a test worker.
      "spring.temporal.workers[0].task-queue=" + TemporalTestApplication.TASK_QUEUE,
      "spring.temporal.workers[0].workflow-classes[0]=com.governedactions.worker.GreetingWorkflowImpl",
      "spring.temporal.workers[0].activity-beans[0]=greetingActivities",
      "governed.temporal.search-attributes.Greeted=keyword"
    })
class EmbeddedTemporalTest {
  static final int PORT = TemporalTestApplication.freePort();

  @DynamicPropertySource
  static void embeddedPort(DynamicPropertyRegistry registry) {
    registry.add("governed.temporal.embedded-port", () -> PORT);
  }

  @Autowired WorkflowClient starterClient;
  @Autowired WorkerFactory workerFactory;

  @Test
  void given_no_target_when_started_then_an_outside_client_on_the_embedded_port_runs_a_workflow_on_the_starter_worker() {
    WorkflowServiceStubs outside =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + PORT).build());
    try {
      // payloads are encrypted (PayloadCodecAutoConfiguration): an outside client needs the codec too
      WorkflowClientOptions withCodec =
          WorkflowClientOptions.newBuilder().setDataConverter(starterClient.getOptions().getDataConverter()).build();
      GreetingWorkflow workflow =
          WorkflowClient.newInstance(outside, withCodec).newWorkflowStub(GreetingWorkflow.class, options());

      String greeting = workflow.greet(new GreetingWorkflow.Greeting("Ada", 0));

      assertThat(greeting).isEqualTo("Hello, Ada!");
    } finally {
      outside.shutdownNow();
    }
  }

  @Test
  void given_the_payload_codec_when_a_workflow_runs_then_its_history_holds_no_plaintext_and_a_client_without_the_key_cannot_read_it() {
    String canary = "Ada-canary-" + java.util.UUID.randomUUID();
    WorkflowOptions options = options();
    starterClient.newWorkflowStub(GreetingWorkflow.class, options).greet(new GreetingWorkflow.Greeting(canary, 0));

    io.temporal.api.history.v1.History history =
        starterClient.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
                io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(starterClient.getOptions().getNamespace())
                    .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(options.getWorkflowId()))
                    .build())
            .getHistory();
    assertThat(history.getEventsCount()).isGreaterThan(3);
    // the test workflow copies the name into a search attribute, which is indexed and so never
    // encrypted (the real workflow keeps personal data out of them); every payload is ciphertext
    String payloads =
        history.getEventsList().stream()
            .filter(event -> event.getEventType()
                != io.temporal.api.enums.v1.EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
            .map(event -> event.toByteString().toStringUtf8())
            .collect(java.util.stream.Collectors.joining());
    assertThat(payloads).doesNotContain(canary).contains("binary/encrypted");

    WorkflowServiceStubs outside =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + PORT).build());
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> WorkflowClient.newInstance(outside).newUntypedWorkflowStub(options.getWorkflowId()).getResult(String.class))
          .hasStackTraceContaining("binary/encrypted");
    } finally {
      outside.shutdownNow();
    }
  }

  @Test
  void given_no_target_when_started_then_the_starter_client_talks_to_the_embedded_service() {
    assertThat(starterClient.getWorkflowServiceStubs().getOptions().getTarget()).isEqualTo("localhost:" + PORT);
    assertThat(workerFactory.getWorker(TemporalTestApplication.TASK_QUEUE)).isNotNull();
  }

  @Test
  void given_the_service_worker_options_when_a_worker_is_built_then_heartbeats_are_forwarded_as_often_as_connectors_send_them() {
    assertThat(workerFactory.getWorker(TemporalTestApplication.TASK_QUEUE).getWorkerOptions().getMaxHeartbeatThrottleInterval())
        .isEqualTo(com.governedactions.connector.ConnectorActivitiesImpl.HEARTBEAT_EVERY);
  }

  @Test
  void given_a_declared_search_attribute_when_a_workflow_sets_it_then_the_run_is_searchable_by_it() {
    WorkflowOptions options = options();
    GreetingWorkflow workflow = starterClient.newWorkflowStub(GreetingWorkflow.class, options);

    workflow.greet(new GreetingWorkflow.Greeting("Barbara", 0));

    WorkflowExecutionDescription run = starterClient.newUntypedWorkflowStub(options.getWorkflowId()).describe();
    assertThat(run.getTypedSearchAttributes().get(GreetingWorkflowImpl.GREETED)).isEqualTo("Barbara");
  }

  @Test
  void given_a_workflow_timer_when_it_runs_then_it_takes_wall_clock_time_because_time_skipping_is_locked() {
    GreetingWorkflow workflow = starterClient.newWorkflowStub(GreetingWorkflow.class, options());
    long started = System.nanoTime();

    workflow.greet(new GreetingWorkflow.Greeting("Grace", 1_500));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
  }

  private static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TemporalTestApplication.TASK_QUEUE)
        .setWorkflowId("greeting-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
        .build();
  }
}

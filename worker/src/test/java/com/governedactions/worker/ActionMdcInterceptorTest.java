package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An action's activity logs with the action's ids in the MDC; the worker's own context, embedded Temporal. */
@SpringBootTest(
    classes = {TemporalTestApplication.class, ActionMdcInterceptorTest.Probe.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.temporal.workers[0].task-queue=" + ActionMdcInterceptorTest.TASK_QUEUE,
      "spring.temporal.workers[0].workflow-classes[0]=com.governedactions.worker.MdcProbe$ProbeWorkflowImpl",
      "spring.temporal.workers[0].activity-beans[0]=probeActivities"
    })
class ActionMdcInterceptorTest {
  static final String TASK_QUEUE = "mdc-test";
  static final int PORT = TemporalTestApplication.freePort();

  @Configuration
  @Import({ActionMdcInterceptor.class, TemporalHealthIndicator.class})
  static class Probe {
    @Bean
    MdcProbe.ProbeActivities probeActivities() {
      return new MdcProbe.ProbeActivitiesImpl();
    }
  }

  @DynamicPropertySource
  static void embeddedPort(DynamicPropertyRegistry registry) {
    registry.add("governed.temporal.embedded-port", () -> PORT);
  }

  @Autowired WorkflowClient client;
  @Autowired TemporalHealthIndicator temporalHealth;

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger probeLogger = (Logger) LoggerFactory.getLogger(MdcProbe.LOGGER);

  @BeforeEach
  void capture() {
    lines.start();
    probeLogger.addAppender(lines);
  }

  @AfterEach
  void release() {
    probeLogger.detachAppender(lines);
  }

  @Test
  void given_anActionsWorkflow_when_itsLocalAndRemoteActivitiesLog_then_eachLineCarriesActionWorkflowAndRequestIds() {
    String requestId = "req-mdc-" + UUID.randomUUID();
    String actionId = "action-" + requestId;

    run(actionId);

    assertThat(lines.list).as("the local activity's line and the activity's").hasSize(2);
    for (ILoggingEvent line : lines.list) {
      assertThat(line.getMDCPropertyMap())
          .containsEntry("actionId", actionId)
          .containsEntry("workflowId", actionId)
          .containsEntry("requestId", requestId);
    }
    assertThat(MDC.get("actionId")).as("the test thread's MDC is untouched").isNull();
  }

  @Test
  void given_aWorkflowThatIsNoAction_when_itsActivityLogs_then_onlyTheWorkflowIdIsSet() {
    String workflowId = "maintenance-" + UUID.randomUUID();

    run(workflowId);

    assertThat(lines.list.get(0).getMDCPropertyMap())
        .containsEntry("workflowId", workflowId)
        .doesNotContainKeys("actionId", "requestId");
  }

  @Test
  void given_theEmbeddedTemporal_when_healthIsChecked_then_temporalIsUp() {
    assertThat(temporalHealth.health().getStatus()).isEqualTo(Status.UP);
  }

  private void run(String workflowId) {
    client.newWorkflowStub(MdcProbe.ProbeWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(workflowId).build())
        .probe();
  }
}

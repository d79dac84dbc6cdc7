package com.governedactions.worker;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A workflow whose one activity logs a line on {@link #LOGGER}, for the MDC test. */
final class MdcProbe {
  static final String LOGGER = "mdc-probe";

  private MdcProbe() {}

  @WorkflowInterface
  public interface ProbeWorkflow {
    @WorkflowMethod
    void probe();
  }

  @ActivityInterface
  public interface ProbeActivities {
    void logLine();
  }

  public static class ProbeWorkflowImpl implements ProbeWorkflow {
    private final ProbeActivities activities = Workflow.newActivityStub(
        ProbeActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
    /** As the rule check runs: a local activity. */
    private final ProbeActivities local = Workflow.newLocalActivityStub(
        ProbeActivities.class,
        io.temporal.activity.LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public void probe() {
      local.logLine();
      activities.logLine();
    }
  }

  static class ProbeActivitiesImpl implements ProbeActivities {
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void logLine() {
      log.info("refunding");
    }
  }
}

package com.governedactions.worker;

import com.governedactions.action.ActionIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Translates {@code governed.temporal.*} and {@code governed.worker.enabled} into the Temporal
 * Spring Boot starter's {@code spring.temporal.*} properties, so users configure one small set of
 * names. The derived values sit below every other source: an explicit {@code spring.temporal.*}
 * setting still wins, and a {@code spring.temporal.workers} list set elsewhere replaces this one
 * as a whole (Spring binds a list from a single source).
 *
 * <p>The worker is declared by name only: the workflow class and the activity beans are written
 * in other modules and resolved by the starter when the context starts.
 */
class TemporalSettings implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE_NAME = "governedTemporal";
  static final String WORKFLOW_CLASS = "com.governedactions.action.workflow.GovernedActionWorkflowImpl";
  static final List<String> ACTIVITY_BEANS =
      List.of("ruleActivities", "connectorActivities", "auditActivities", "directoryActivities");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    GovernedTemporalProperties temporal =
        binder
            .bind("governed.temporal", Bindable.of(GovernedTemporalProperties.class))
            .orElseGet(() -> new GovernedTemporalProperties(null, "default", 7233, null));
    boolean workerEnabled = binder.bind("governed.worker.enabled", Boolean.class).orElse(true);

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("spring.temporal.connection.target", temporal.effectiveTarget());
    settings.put("spring.temporal.namespace", temporal.namespace());
    if (temporal.embedded()) {
      // The embedded test server has no worker heartbeats; the SDK warns about it at every start.
      settings.put("logging.level.io.temporal.internal.worker.HeartbeatManager", "error");
    }
    if (workerEnabled) {
      String worker = "spring.temporal.workers[0].";
      settings.put(worker + "task-queue", ActionIds.TASK_QUEUE);
      settings.put(worker + "workflow-classes[0]", WORKFLOW_CLASS);
      for (int i = 0; i < ACTIVITY_BEANS.size(); i++) {
        settings.put(worker + "activity-beans[" + i + "]", ACTIVITY_BEANS.get(i));
      }
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, settings));
  }

  @Override
  public int getOrder() {
    return GovernedDefaults.ORDER + 1;
  }
}

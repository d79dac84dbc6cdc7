package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TemporalSettingsTest {

  @Test
  void given_defaults_only_when_processed_then_the_governed_worker_is_declared_by_name_against_the_embedded_port() {
    StandardEnvironment environment = processed(Map.of());

    assertThat(environment.getProperty("spring.temporal.connection.target")).isEqualTo("localhost:7233");
    assertThat(environment.getProperty("spring.temporal.namespace")).isEqualTo("default");
    assertThat(environment.getProperty("spring.temporal.workers[0].task-queue")).isEqualTo("governed-actions");
    assertThat(environment.getProperty("spring.temporal.workers[0].workflow-classes[0]"))
        .isEqualTo("com.governedactions.action.workflow.GovernedActionWorkflowImpl");
    assertThat(environment.getProperty("spring.temporal.workers[0].activity-beans[0]")).isEqualTo("ruleActivities");
    assertThat(environment.getProperty("spring.temporal.workers[0].activity-beans[1]")).isEqualTo("connectorActivities");
    assertThat(environment.getProperty("spring.temporal.workers[0].activity-beans[2]")).isEqualTo("auditActivities");
    assertThat(environment.getProperty("spring.temporal.workers[0].activity-beans[3]")).isEqualTo("directoryActivities");
  }

  @Test
  void given_a_target_and_namespace_when_processed_then_the_starter_connects_there() {
    StandardEnvironment environment =
        processed(Map.of("governed.temporal.target", "temporal:7233", "governed.temporal.namespace", "prod"));

    assertThat(environment.getProperty("spring.temporal.connection.target")).isEqualTo("temporal:7233");
    assertThat(environment.getProperty("spring.temporal.namespace")).isEqualTo("prod");
  }

  @Test
  void given_a_blank_target_when_processed_then_the_embedded_service_on_its_port_is_used() {
    StandardEnvironment environment =
        processed(Map.of("governed.temporal.target", "  ", "governed.temporal.embedded-port", "17233"));

    assertThat(environment.getProperty("spring.temporal.connection.target")).isEqualTo("localhost:17233");
  }

  @Test
  void given_the_worker_disabled_when_processed_then_no_worker_is_declared() {
    StandardEnvironment environment = processed(Map.of("governed.worker.enabled", "false"));

    assertThat(environment.containsProperty("spring.temporal.workers[0].task-queue")).isFalse();
    assertThat(environment.getProperty("spring.temporal.connection.target")).isEqualTo("localhost:7233");
  }

  @Test
  void given_an_explicit_starter_property_when_processed_then_it_wins_over_the_derived_one() {
    StandardEnvironment environment =
        processed(Map.of("spring.temporal.connection.target", "elsewhere:7233"));

    assertThat(environment.getProperty("spring.temporal.connection.target")).isEqualTo("elsewhere:7233");
  }

  private static StandardEnvironment processed(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    SpringApplication application = new SpringApplication();
    new GovernedDefaults().postProcessEnvironment(environment, application);
    new TemporalSettings().postProcessEnvironment(environment, application);
    return environment;
  }
}

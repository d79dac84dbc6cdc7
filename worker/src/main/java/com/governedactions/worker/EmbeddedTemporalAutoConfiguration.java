package com.governedactions.worker;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Dev mode: with no {@code governed.temporal.target}, runs Temporal inside this process.
 *
 * <p>The starter's service stubs are built from every {@code TemporalOptionsCustomizer} bean, so
 * the customizer below, which needs the running server, makes the server start before any stub,
 * client or worker exists; and Spring destroys it only after all of those are shut down.
 */
@AutoConfiguration
@Conditional(EmbeddedTemporalAutoConfiguration.NoTargetConfigured.class)
@EnableConfigurationProperties(GovernedTemporalProperties.class)
class EmbeddedTemporalAutoConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedTemporalServer embeddedTemporalServer(GovernedTemporalProperties properties) {
    return EmbeddedTemporalServer.start(
        properties.embeddedPort(), properties.namespace(), properties.searchAttributes());
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> embeddedTemporalTarget(
      EmbeddedTemporalServer server) {
    return options -> options.setTarget(server.target());
  }

  static class NoTargetConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String target = context.getEnvironment().getProperty("governed.temporal.target");
      return StringUtils.hasText(target)
          ? ConditionOutcome.noMatch("governed.temporal.target is " + target)
          : ConditionOutcome.match("governed.temporal.target is not set");
    }
  }
}

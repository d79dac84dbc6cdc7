package com.governedactions.audit.alert;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
class AlertConfiguration {

  /** Scheduling only where the detectors run: {@code governed.alerts.enabled=false} turns both off. */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnProperty(name = "governed.alerts.enabled", havingValue = "true", matchIfMissing = true)
  static class Scheduling {}
}

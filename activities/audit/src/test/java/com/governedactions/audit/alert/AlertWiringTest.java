package com.governedactions.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.audit.AuditActivities;
import com.governedactions.audit.AuditTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The alert beans as the application's scan finds them, with their configuration bound. */
class AlertWiringTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Store.class, ScanAlerts.class);

  @Configuration(proxyBeanMethods = false)
  static class Store {
    @Bean
    JdbcClient jdbcClient() {
      return AuditTestSupport.client();
    }

    @Bean
    PlatformTransactionManager transactionManager() {
      return AuditTestSupport.transactions();
    }

    @Bean
    AuditActivities auditActivities() {
      return AuditTestSupport.writer();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ComponentScan(basePackageClasses = AlertStore.class)
  static class ScanAlerts {}

  @Test
  void given_noAlertProperties_when_started_then_defaultsApplyAndTheDetectorsAreScheduled() {
    context.run(started -> {
      assertThat(started).hasNotFailed().hasSingleBean(AlertStore.class).hasSingleBean(AlertScheduler.class);
      assertThat(started.getBean(AlertProperties.class)).isEqualTo(AlertProperties.defaults());
    });
  }

  @Test
  void given_thresholds_when_started_then_theyAreBound() {
    context
        .withPropertyValues(
            "governed.alerts.denials.count=5",
            "governed.alerts.split-refunds.threshold=100.00",
            "governed.alerts.rubber-stamp.min-review=PT10S")
        .run(started -> {
          AlertProperties properties = started.getBean(AlertProperties.class);
          assertThat(properties.denials().count()).isEqualTo(5);
          assertThat(properties.splitRefunds().threshold()).isEqualByComparingTo(new BigDecimal("100.00"));
          assertThat(properties.rubberStamp().minReview()).isEqualTo(Duration.ofSeconds(10));
          assertThat(properties.rate()).isEqualTo(AlertProperties.defaults().rate());
        });
  }

  @Test
  void given_alertsDisabled_when_started_then_nothingIsScheduledButAlertsCanStillBeListed() {
    context.withPropertyValues("governed.alerts.enabled=false").run(started -> {
      assertThat(started).hasNotFailed().doesNotHaveBean(AlertScheduler.class).hasSingleBean(AlertStore.class);
    });
  }
}

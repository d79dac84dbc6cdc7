package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.audit.AuditActivities;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The beans other modules look up, as Spring Boot's scan of com.governedactions finds them. */
class AuditWiringTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(
              DataSourceAutoConfiguration.class,
              DataSourceTransactionManagerAutoConfiguration.class,
              JdbcTemplateAutoConfiguration.class,
              JdbcClientAutoConfiguration.class))
          .withUserConfiguration(ScanAudit.class)
          .withPropertyValues(
              "spring.datasource.url=" + TestDatabase.URL, "spring.datasource.username=" + TestDatabase.USER);

  @Configuration(proxyBeanMethods = false)
  @ComponentScan(basePackageClasses = AuditActivitiesImpl.class,
      useDefaultFilters = false,
      includeFilters = @ComponentScan.Filter(type = org.springframework.context.annotation.FilterType.ASSIGNABLE_TYPE,
          classes = {AuditActivitiesImpl.class, ActionListRepository.class, Redactor.class,
              AuditConfiguration.class}))
  static class ScanAudit {}

  @Test
  void given_application_when_started_then_auditBeansExistUnderTheirContractNames() {
    context.run(started -> {
      assertThat(started).hasNotFailed();
      assertThat(started.getBean("auditActivities")).isInstanceOf(AuditActivities.class);
      assertThat(started).hasSingleBean(ActionListRepository.class).hasSingleBean(Redactor.class);
    });
  }

  @Test
  void given_noRedactionProperties_when_started_then_defaultsApply() {
    context.run(started ->
        assertThat(started.getBean(RedactionProperties.class)).isEqualTo(RedactionProperties.defaults()));
  }

  @Test
  void given_redactionProperties_when_started_then_theyAreBound() {
    context
        .withPropertyValues(
            "governed.audit.redaction.destructive-types=close_account",
            "governed.audit.redaction.secret-keys=pin,*password*")
        .run(started -> {
          Redactor redactor = started.getBean(Redactor.class);
          assertThat(redactor.isDestructive("close_account")).isTrue();
          assertThat(redactor.isDestructive("refund")).isFalse();
          assertThat(started.getBean(RedactionProperties.class).secretKeys())
              .containsExactly("pin", "*password*");
          assertThat(started.getBean(RedactionProperties.class).freeTextFields())
              .isEqualTo(RedactionProperties.DEFAULT_FREE_TEXT_FIELDS);
        });
  }
}

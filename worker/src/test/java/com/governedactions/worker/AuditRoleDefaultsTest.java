package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With the shared defaults, Flyway migrates as the login user (the owner) and the service's own
 * connections work as governed_app, which may not change audit rows.
 */
class AuditRoleDefaultsTest {
  private static final String DB_URL =
      System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test");

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
      JdbcTemplateAutoConfiguration.class})
  static class DatabaseOnly {}

  @Test
  void given_defaults_when_started_then_flywayRunsAsTheOwnerAndTheServiceAsGovernedApp() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DatabaseOnly.class)
        .web(WebApplicationType.NONE)
        .run("--spring.datasource.url=" + DB_URL, "--spring.flyway.ignore-migration-patterns=*:missing")) {
      JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

      assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("governed_app");
      assertThat(jdbc.queryForObject("SELECT session_user", String.class)).isEqualTo("postgres");
      assertThat(jdbc.queryForObject(
          "SELECT has_table_privilege('governed.audit_event', 'DELETE')", Boolean.class)).isFalse();
      assertThat(jdbc.queryForObject(
          "SELECT has_table_privilege('governed.audit_event', 'INSERT')", Boolean.class)).isTrue();
    }
  }
}

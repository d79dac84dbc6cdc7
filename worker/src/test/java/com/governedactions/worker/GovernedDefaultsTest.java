package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class GovernedDefaultsTest {

  @Test
  void given_nothing_configured_when_processed_then_the_local_postgres_and_the_governed_schema_are_used() {
    StandardEnvironment environment = processed(Map.of());

    assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
    assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("postgres");
    assertThat(environment.getProperty("spring.datasource.password")).isEmpty();
    assertThat(environment.getProperty("spring.flyway.schemas")).isEqualTo("governed");
    assertThat(environment.getProperty("spring.flyway.locations")).isEqualTo("classpath:db/migration");
    assertThat(environment.getProperty("server.port")).isEqualTo("8080");
    assertThat(environment.getProperty("spring.jackson.deserialization.fail-on-unknown-properties")).isEqualTo("true");
    assertThat(environment.getProperty("spring.mvc.problemdetails.enabled")).isEqualTo("true");
  }

  @Test
  void given_a_datasource_url_from_the_environment_when_processed_then_it_overrides_the_default() {
    StandardEnvironment environment =
        processed(Map.of("spring.datasource.url", "jdbc:postgresql://db.internal:5432/governed"));

    assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.internal:5432/governed");
  }

  private static StandardEnvironment processed(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    new GovernedDefaults().postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }
}

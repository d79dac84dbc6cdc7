package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Analyses real driver failures against the local PostgreSQL (tests use the database "test"). */
class DatabaseUnavailableFailureAnalyzerTest {

  @Test
  void given_nothing_listening_when_connecting_then_one_line_names_the_url_and_how_to_start_postgres() {
    int port = TemporalTestApplication.freePort();
    String url = "jdbc:postgresql://localhost:" + port + "/test";

    FailureAnalysis analysis = analyze(url, connect(url));

    assertThat(analysis.getDescription())
        .startsWith("PostgreSQL is not reachable at " + url + " (Connection to localhost:" + port + " refused)")
        .contains("start PostgreSQL")
        .contains("SPRING_DATASOURCE_URL")
        .doesNotContain("\n");
    assertThat(analysis.getAction()).isNull();
  }

  @Test
  void given_an_unknown_host_when_connecting_then_the_analysis_names_the_host() {
    String url = "jdbc:postgresql://no-such-host.invalid:5432/test";

    FailureAnalysis analysis = analyze(url, connect(url));

    assertThat(analysis.getDescription())
        .startsWith("PostgreSQL is not reachable at " + url + " (unknown host no-such-host.invalid)");
  }

  @Test
  void given_a_missing_database_when_connecting_then_the_analysis_says_it_does_not_exist() {
    String url = "jdbc:postgresql://localhost:5432/governed_no_such_database";

    FailureAnalysis analysis = analyze(url, connect(url));

    assertThat(analysis.getDescription())
        .startsWith("The database of " + url + " does not exist")
        .doesNotContain("\n");
  }

  @Test
  void given_a_refused_login_when_analysed_then_the_analysis_points_at_the_credentials() {
    String url = "jdbc:postgresql://localhost:5432/test";

    FailureAnalysis analysis =
        analyze(url, new SQLException("password authentication failed for user \"app\"", "28P01"));

    assertThat(analysis.getDescription())
        .startsWith("PostgreSQL at " + url + " refused the login")
        .contains("SPRING_DATASOURCE_PASSWORD");
  }

  @Test
  void given_an_sql_error_that_is_not_about_connecting_when_analysed_then_spring_boot_reports_it_in_full() {
    FailureAnalysis analysis =
        analyze("jdbc:postgresql://localhost:5432/test", new SQLException("syntax error at or near \"SELEC\"", "42601"));

    assertThat(analysis).isNull();
  }

  private static SQLException connect(String url) {
    return catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "").close());
  }

  private static FailureAnalysis analyze(String url, SQLException failure) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("spring.datasource.url", url)));
    // Wrapped as Spring wraps it when the Flyway initializer bean fails.
    return new DatabaseUnavailableFailureAnalyzer(environment)
        .analyze(new IllegalStateException("Error creating bean with name 'flywayInitializer'", failure));
  }
}

package com.governedactions.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.governedactions.connector.http.HttpConnectorProperties.ActionTypeSettings;
import com.governedactions.connector.http.HttpConnectorProperties.Auth;
import com.governedactions.connector.http.HttpConnectorProperties.Call;
import com.governedactions.connector.http.HttpConnectorProperties.OperationSettings;
import com.governedactions.connector.http.HttpConnectorProperties.SystemSettings;
import com.governedactions.policy.ActionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class HttpConnectorConfigurationTest {

  @Test
  void given_broken_configuration_when_starting_then_every_problem_is_named_and_no_secret_is_echoed() {
    Call bad = new Call("FETCH", "tickets", Map.of(), "{\"a\": {{params.x}}, }", Map.of("id", "id"), null,
        List.of("/code"), Duration.ofMinutes(5), false);
    SystemSettings system = new SystemSettings("ftp://x", new Auth("bearer", "sk_live_pasted_secret", null, null),
        Map.of(), "", Duration.ofSeconds(5), Duration.ofSeconds(1), List.of("503", "200-299", "abc"),
        Duration.ofMinutes(1), HttpConnectorFixtures.lenientBreaker(),
        Map.of("open", new OperationSettings(bad, null)));
    HttpConnectorProperties properties = new HttpConnectorProperties(Map.of("tickets", system),
        Map.of("open_case", new ActionTypeSettings(null, null, null, List.of(), List.of("tickets.nope"))));

    HttpConnectorConfigurationException e = catchThrowableOfType(HttpConnectorConfigurationException.class,
        () -> HttpConnectorFixtures.connector(properties, Clock.systemUTC()));

    String p = "governed.connectors.http.systems.tickets";
    assertThat(e.problems()).contains(
        p + ".base-url: 'ftp://x' must be an absolute http(s) URL",
        p + ".auth.secret: must be a reference, env:NAME or file:/path/to/secret, not the secret itself",
        p + ".idempotency-header: is required; every call carries the step's idempotency key",
        p + ".retryable-statuses: '200-299' includes 2xx, which is success and never retried",
        p + ".retryable-statuses: 'abc' is not a status like 503 or a range like 500-599");
    assertThat(e.getMessage()).doesNotContain("sk_live_pasted_secret");
  }

  @Test
  void given_broken_system_and_broken_call_body_and_broken_action_type_when_starting_then_all_are_listed_at_once() {
    Call badBody = new Call("POST", "/tickets", Map.of(), "{\"a\": {{params.x}}, }", Map.of(), null, List.of(), null,
        false);
    SystemSettings tickets = new SystemSettings("ftp://x", new Auth("bearer", "env:CRM_TOKEN", null, null), Map.of(), "", Duration.ofSeconds(5),
        Duration.ofSeconds(1), List.of("503"), Duration.ofMinutes(1), HttpConnectorFixtures.lenientBreaker(),
        Map.of("open", new OperationSettings(badBody, null)));
    SystemSettings crm = HttpConnectorFixtures.crm("not a url", HttpConnectorFixtures.lenientBreaker(),
        Duration.ofSeconds(2));
    HttpConnectorProperties properties = new HttpConnectorProperties(Map.of("tickets", tickets, "crm", crm),
        Map.of("open_case", new ActionTypeSettings(null, null, null, List.of(), List.of("tickets.open"))));

    HttpConnectorConfigurationException e = catchThrowableOfType(HttpConnectorConfigurationException.class,
        () -> HttpConnectorFixtures.connector(properties, Clock.systemUTC()));

    assertThat(e.problems()).contains(
        "governed.connectors.http.systems.tickets.base-url: 'ftp://x' must be an absolute http(s) URL",
        "governed.connectors.http.systems.tickets.idempotency-header: is required; every call carries the step's"
            + " idempotency key",
        "governed.connectors.http.systems.crm.base-url: 'not a url' is not a URL",
        "governed.connectors.http.action-types.open_case.description: is required; chat backends and LLM tools read it");
    assertThat(e.problems()).as("the broken body of a broken system's operation is listed in the same start")
        .anySatisfy(problem -> assertThat(problem)
            .startsWith("governed.connectors.http.systems.tickets.operations.open.call.body: is not a JSON document"));
    assertThat(e.getMessage()).contains("operations.open.call.body", "systems.crm.base-url", "open_case.description");
  }

  @Test
  void given_bad_operation_and_action_type_when_starting_then_each_property_is_named() {
    Call bad = new Call("FETCH", "tickets", Map.of(), "{\"a\": {{params.x}}, }", Map.of("id", "id"),
        "{{secret.token}}", List.of("/code"), Duration.ofMinutes(5), false);
    SystemSettings system = HttpConnectorFixtures.crm("http://localhost:1/api", HttpConnectorFixtures.lenientBreaker(),
        Duration.ofSeconds(2));
    system = new SystemSettings(system.baseUrl(), system.auth(), system.headers(), system.idempotencyHeader(),
        system.timeout(), system.connectTimeout(), system.retryableStatuses(), system.maxRetryAfter(), system.breaker(),
        Map.of("open", new OperationSettings(bad, null)));
    HttpConnectorProperties properties = new HttpConnectorProperties(Map.of("crm", system),
        Map.of("open_case", new ActionTypeSettings(null, null, null, List.of(), List.of("crm.nope"))));

    HttpConnectorConfigurationException e = catchThrowableOfType(HttpConnectorConfigurationException.class,
        () -> HttpConnectorFixtures.connector(properties, Clock.systemUTC()));

    String op = "governed.connectors.http.systems.crm.operations.open.call";
    String type = "governed.connectors.http.action-types.open_case";
    assertThat(e.problems()).contains(
        op + ".method: 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE",
        op + ".path: is required and starts with /, e.g. /tickets",
        op + ".timeout: must be positive and at most 100s (the connector activity's attempt lasts at most 2 minutes)",
        op + ".result.id: 'id' is not a JSON pointer like /id or /data/ticket/id",
        type + ".description: is required; chat backends and LLM tools read it",
        type + ".risk: is required: LOW, MEDIUM or HIGH",
        type + ".steps: 'crm.nope' is not an operation declared under governed.connectors.http.systems; declared: crm.open");
    assertThat(e.problems()).anySatisfy(problem -> assertThat(problem).startsWith(op + ".body: is not a JSON document"));
    assertThat(e.problems()).anySatisfy(problem -> assertThat(problem).startsWith(op + ": placeholder {{secret.token}}"));
  }

  @Test
  void given_secret_reference_that_is_not_set_when_starting_then_refused_naming_the_reference() {
    SystemSettings crm = HttpConnectorFixtures.crm("http://localhost:1", HttpConnectorFixtures.lenientBreaker(),
        Duration.ofSeconds(1));
    SystemSettings unset = new SystemSettings(crm.baseUrl(), new Auth("bearer", "env:NOT_SET_ANYWHERE", null, null),
        crm.headers(), crm.idempotencyHeader(), crm.timeout(), crm.connectTimeout(), crm.retryableStatuses(),
        crm.maxRetryAfter(), crm.breaker(), crm.operations());

    HttpConnectorConfigurationException e = catchThrowableOfType(HttpConnectorConfigurationException.class,
        () -> HttpConnectorFixtures.connector(HttpConnectorFixtures.properties(unset), Clock.systemUTC()));

    assertThat(e.problems()).containsExactly(
        "governed.connectors.http.systems.crm.auth.secret: secret env:NOT_SET_ANYWHERE is not set or empty");
  }

  @Test
  void given_yaml_style_properties_when_context_starts_then_types_reach_the_catalog() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
        .withUserConfiguration(HttpConnectorConfiguration.class, HttpConnector.class, ActionCatalog.class)
        .withPropertyValues(
            "TICKETS_TOKEN=t0ken",
            "governed.connectors.http.systems.helpdesk.base-url=http://localhost:9/hd",
            "governed.connectors.http.systems.helpdesk.auth.type=header",
            "governed.connectors.http.systems.helpdesk.auth.header=X-Api-Key",
            "governed.connectors.http.systems.helpdesk.auth.secret=env:TICKETS_TOKEN",
            "governed.connectors.http.systems.helpdesk.retryable-statuses=429,500-599",
            "governed.connectors.http.systems.helpdesk.operations.open_case.call.path=/cases",
            "governed.connectors.http.systems.helpdesk.operations.open_case.call.body={\"subject\": {{params.subject}}}",
            "governed.connectors.http.systems.helpdesk.operations.open_case.call.result.caseId=/id",
            "governed.connectors.http.action-types.open_case.description=Open a helpdesk case.",
            "governed.connectors.http.action-types.open_case.risk=LOW",
            "governed.connectors.http.action-types.open_case.confirmation=Open a case about {subject}?",
            "governed.connectors.http.action-types.open_case.params[0].name=subject",
            "governed.connectors.http.action-types.open_case.params[0].kind=TEXT",
            "governed.connectors.http.action-types.open_case.steps[0]=helpdesk.open_case")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(HttpConnector.class).supports("helpdesk.open_case")).isTrue();
          assertThat(context.getBean(ActionCatalog.class).find("open_case")).isPresent();
        });
  }

  @Test
  void given_invalid_properties_when_context_starts_then_start_fails_with_the_problem() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
        .withUserConfiguration(HttpConnectorConfiguration.class, HttpConnector.class)
        .withPropertyValues(
            "governed.connectors.http.systems.helpdesk.base-url=http://localhost:9/hd",
            "governed.connectors.http.systems.helpdesk.operations.open_case.call.path=cases")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("governed.connectors.http.systems.helpdesk.operations.open_case.call.path: is required"));
  }

  @Test
  void given_invalid_configuration_when_start_fails_then_the_analysis_lists_the_problems() {
    HttpConnectorConfigurationException e = new HttpConnectorConfigurationException(
        List.of("governed.connectors.http.systems.crm.base-url: is required, e.g. https://crm.example.com/api"));

    var analysis = new HttpConnectorFailureAnalyzer().analyze(new IllegalStateException("wrapped", e));

    assertThat(analysis.getDescription()).contains("governed.connectors.http.systems.crm.base-url: is required");
    assertThat(analysis.getAction()).contains("docs/connectors.md");
  }
}

package com.governedactions.connector.http;

import com.governedactions.action.connector.StepCommand;
import com.governedactions.connector.http.HttpConnectorProperties.ActionTypeSettings;
import com.governedactions.connector.http.HttpConnectorProperties.Auth;
import com.governedactions.connector.http.HttpConnectorProperties.Breaker;
import com.governedactions.connector.http.HttpConnectorProperties.Call;
import com.governedactions.connector.http.HttpConnectorProperties.OperationSettings;
import com.governedactions.connector.http.HttpConnectorProperties.Param;
import com.governedactions.connector.http.HttpConnectorProperties.SystemSettings;
import com.governedactions.policy.ParamKind;
import com.governedactions.policy.RiskTier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.mock.env.MockEnvironment;

/** A CRM declared the way an operator would, pointed at WireMock. */
final class HttpConnectorFixtures {
  static final String SECRET = "sk_test_s3cr3t-token-value";
  static final String OPERATION = "crm.update_contact";
  static final String COMPENSATION = "crm.update_contact.compensate";
  static final String KEY = "action-conv-1-msg-1:0:crm.update_contact";

  private HttpConnectorFixtures() {}

  static MockEnvironment environment() {
    return new MockEnvironment().withProperty("CRM_TOKEN", SECRET);
  }

  static Call updateContact(Duration timeout) {
    return new Call("PUT", "/customers/{{params.customerId}}/contact",
        Map.of("X-Action", "{{action.id}}"),
        """
        {"email": {{params.email}}, "note": {{params.note}}, "requestedBy": "governed-actions"}""",
        Map.of("contactId", "/contact/id", "version", "/version"),
        "contact {{result.contactId}} v{{result.version}}",
        List.of("/code"), timeout, false);
  }

  static Call restoreContact() {
    return new Call("POST", "/contact-restores", Map.of(),
        """
        {"forwardKey": {{forwardKey}}, "contactId": {{result.contactId}}}""",
        Map.of("restored", "/restored"), null, List.of("/code"), null, false);
  }

  static SystemSettings crm(String baseUrl, Breaker breaker, Duration timeout) {
    return new SystemSettings(baseUrl, new Auth("bearer", "env:CRM_TOKEN", null, null), Map.of("X-Client", "governed"),
        "Idempotency-Key", timeout, Duration.ofSeconds(2), List.of("408", "429", "500-599"), Duration.ofMinutes(10),
        breaker, Map.of("update_contact", new OperationSettings(updateContact(null), restoreContact())));
  }

  static Breaker lenientBreaker() {
    return new Breaker(50, 100, 100, Duration.ofSeconds(30), 1);
  }

  static HttpConnectorProperties properties(SystemSettings crm) {
    return new HttpConnectorProperties(Map.of("crm", crm), Map.of("update_contact", new ActionTypeSettings(
        "Change the customer's contact e-mail in the CRM.", RiskTier.MEDIUM, "Change your e-mail to {email}?",
        List.of(new Param("customerId", ParamKind.TEXT, true, "the customer"),
            new Param("email", ParamKind.TEXT, true, "the new e-mail address"),
            new Param("note", ParamKind.TEXT, false, "why")),
        List.of(OPERATION))));
  }

  static HttpConnector connector(String baseUrl) {
    return connector(properties(crm(baseUrl, lenientBreaker(), Duration.ofSeconds(2))), Clock.systemUTC());
  }

  static HttpConnector connector(HttpConnectorProperties properties, Clock clock) {
    return new HttpConnector(properties, environment(), Optional.empty(), clock);
  }

  static StepCommand step(String key) {
    return new StepCommand("action-conv-1-msg-1", 0, OPERATION,
        Map.of("customerId", "C 42/x", "email", "new@example.com", "note", "said \"hi\""), key, null);
  }

  static StepCommand compensation(Map<String, Object> forwardResult) {
    return new StepCommand("action-conv-1-msg-1", 0, COMPENSATION,
        Map.of("customerId", "C-42", "email", "new@example.com"), KEY + ":compensate", forwardResult);
  }

  /** A clock the breaker test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

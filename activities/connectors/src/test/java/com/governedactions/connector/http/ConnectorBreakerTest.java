package com.governedactions.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.governedactions.connector.http.HttpConnectorFixtures.KEY;
import static com.governedactions.connector.http.HttpConnectorFixtures.OPERATION;
import static com.governedactions.connector.http.HttpConnectorFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.governedactions.connector.ConnectorException;
import com.governedactions.connector.http.HttpConnectorFixtures.MutableClock;
import com.governedactions.connector.http.HttpConnectorProperties.Breaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectorBreakerTest {
  @RegisterExtension
  static WireMockExtension crm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PATH = "/customers/C%2042%2Fx/contact";

  private final MutableClock clock = new MutableClock();
  private HttpConnector connector;

  @BeforeEach
  void setUp() {
    // Opens once 3 of the last 4 calls (at least 4) were unavailable; stays open 30 s; 1 trial call.
    Breaker breaker = new Breaker(75, 4, 4, Duration.ofSeconds(30), 1);
    connector = HttpConnectorFixtures.connector(
        HttpConnectorFixtures.properties(HttpConnectorFixtures.crm(crm.baseUrl(), breaker, Duration.ofSeconds(2))),
        clock);
  }

  @Test
  void given_system_down_when_enough_calls_fail_then_breaker_opens_and_calls_fail_fast_without_reaching_it() {
    crm.stubFor(put(PATH).willReturn(HttpConnectorTest.json(503, "{}")));
    for (int i = 0; i < 4; i++) {
      catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));
    }
    assertThat(state()).isEqualTo(State.OPEN);

    clock.advance(Duration.ofSeconds(10));
    ConnectorException fast = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(fast.retryable()).isTrue();
    assertThat(fast.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    crm.verify(4, putRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void given_refusals_when_calls_fail_then_breaker_stays_closed() {
    crm.stubFor(put(PATH).willReturn(HttpConnectorTest.json(422, "{}")));
    for (int i = 0; i < 6; i++) {
      catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));
    }

    assertThat(state()).isEqualTo(State.CLOSED);
    crm.verify(6, putRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void given_open_breaker_when_wait_is_over_and_trial_succeeds_then_it_half_opens_then_closes() {
    crm.stubFor(put(PATH).willReturn(HttpConnectorTest.json(503, "{}")));
    for (int i = 0; i < 4; i++) {
      catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));
    }
    crm.stubFor(put(PATH).willReturn(HttpConnectorTest.json(200, "{\"contact\": {\"id\": \"ct_1\"}}")));

    clock.advance(Duration.ofSeconds(31));
    assertThat(connector.execute(step(KEY)).statusCode()).isEqualTo(200);

    assertThat(state()).isEqualTo(State.CLOSED);
    crm.verify(5, putRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void given_open_breaker_when_trial_fails_then_it_opens_again_for_a_full_period() {
    crm.stubFor(put(PATH).willReturn(HttpConnectorTest.json(503, "{}")));
    for (int i = 0; i < 4; i++) {
      catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));
    }
    clock.advance(Duration.ofSeconds(31));

    ConnectorException trial = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));
    ConnectorException next = catchThrowableOfType(ConnectorException.class, () -> connector.execute(step(KEY)));

    assertThat(trial.statusCode()).isEqualTo(503);
    assertThat(state()).isEqualTo(State.OPEN);
    assertThat(next.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    crm.verify(5, putRequestedFor(urlEqualTo(PATH)));
  }

  private State state() {
    return connector.breakerOf(OPERATION).orElseThrow().state();
  }
}

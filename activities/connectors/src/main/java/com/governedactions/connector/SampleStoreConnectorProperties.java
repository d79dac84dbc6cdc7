package com.governedactions.connector;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the sample store is and how long to wait for it.
 *
 * @param baseUrl {@code governed.connectors.sample-store.base-url}
 * @param connectTimeout {@code governed.connectors.sample-store.connect-timeout}
 * @param readTimeout {@code governed.connectors.sample-store.read-timeout}: no answer within this
 *     is a retryable failure; a retry with the same key replays the answer if the call had landed
 * @param token {@code governed.connectors.sample-store.token}: the store's own credential, sent as
 *     {@code X-Sample-Store-Token}; needed when the store is on another host (it admits loopback
 *     callers without one), and equal to the store's {@code governed.sample-store.token}
 */
@ConfigurationProperties("governed.connectors.sample-store")
public record SampleStoreConnectorProperties(
    @DefaultValue("http://localhost:8080/sample-store") String baseUrl,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout,
    String token) {
  /** The header the sample store reads its credential from. */
  public static final String TOKEN_HEADER = "X-Sample-Store-Token";
}

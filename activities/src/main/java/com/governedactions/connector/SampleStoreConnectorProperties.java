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
 */
@ConfigurationProperties("governed.connectors.sample-store")
public record SampleStoreConnectorProperties(
    @DefaultValue("http://localhost:8080/sample-store") String baseUrl,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout) {}

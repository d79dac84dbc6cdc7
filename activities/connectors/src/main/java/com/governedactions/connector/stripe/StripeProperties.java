package com.governedactions.connector.stripe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code governed.connectors.stripe}: the Stripe refund connector, off unless enabled.
 *
 * @param apiKey a secret reference ({@code env:STRIPE_API_KEY} or {@code file:/run/secrets/stripe}),
 *     never the key itself
 * @param apiBase Stripe's API; overridable for tests (WireMock) or a proxy
 * @param readTimeout per call; no answer within it is retried with the same Idempotency-Key
 */
@ConfigurationProperties("governed.connectors.stripe")
public record StripeProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("env:STRIPE_API_KEY") String apiKey,
    @DefaultValue("https://api.stripe.com") String apiBase,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("20s") Duration readTimeout,
    @DefaultValue("50") float breakerFailureRateThreshold,
    @DefaultValue("10") int breakerSlidingWindow,
    @DefaultValue("5") int breakerMinimumCalls,
    @DefaultValue("30s") Duration breakerOpenFor) {}

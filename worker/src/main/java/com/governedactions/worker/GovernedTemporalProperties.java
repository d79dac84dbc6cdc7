package com.governedactions.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Where Temporal runs.
 *
 * @param target host:port of a Temporal frontend; unset or blank starts an embedded dev service
 * @param namespace the Temporal namespace of the workflows
 * @param embeddedPort where the embedded service listens, so that the Temporal CLI can reach it
 */
@ConfigurationProperties("governed.temporal")
public record GovernedTemporalProperties(
    String target, @DefaultValue("default") String namespace, @DefaultValue("7233") int embeddedPort) {

  public boolean embedded() {
    return !StringUtils.hasText(target);
  }

  /** The address clients use: the configured target, or the embedded service on this host. */
  public String effectiveTarget() {
    return embedded() ? "localhost:" + embeddedPort : target.strip();
  }
}

package com.governedactions.reversal;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long after it SUCCEEDED each action type may be reversed, e.g. {@code
 * governed.reversal.windows.refund=P30D}. A type without a window cannot be reversed.
 */
@ConfigurationProperties("governed.reversal")
public record ReversalProperties(Map<String, Duration> windows) {
  public ReversalProperties {
    windows = windows == null ? Map.of() : Map.copyOf(windows);
    windows.forEach((type, window) -> {
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "governed.reversal.windows." + type + " must be a positive ISO-8601 duration such as P30D");
      }
    });
  }
}

package com.governedactions.connector;

import java.util.Map;

/**
 * A connector call's result.
 *
 * @param summary a short, redacted description of the response, fit for the audit trail
 * @param data values a later compensation may need (ids, previous values)
 */
public record StepOutcome(int statusCode, String summary, Map<String, Object> data) {
  public StepOutcome {
    data = data == null ? Map.of() : Map.copyOf(data);
  }
}

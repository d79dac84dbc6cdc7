package com.governedactions.action.connector;

import java.util.LinkedHashMap;
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

  /** Outcome data from name/value pairs, leaving out the null values a StepOutcome cannot hold. */
  public static Map<String, Object> dataOf(Object... namesAndValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        data.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return data;
  }
}

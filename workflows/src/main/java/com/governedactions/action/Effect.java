package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A rule's effect, declared from least to most strict: the strictest matching effect wins. */
public enum Effect {
  ALLOW,
  REQUIRE_CONFIRMATION,
  REQUIRE_APPROVAL,
  ESCALATE,
  DENY;

  public boolean stricterThan(Effect other) {
    return compareTo(other) > 0;
  }

  public static Effect strictest(Effect a, Effect b) {
    return a.stricterThan(b) ? a : b;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Effect fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}

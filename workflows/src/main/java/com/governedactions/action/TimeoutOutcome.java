package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happens when every approval tier's SLA has run out. */
public enum TimeoutOutcome {
  EXPIRE(ActionStatus.EXPIRED),
  REJECT(ActionStatus.REJECTED),
  ESCALATE(ActionStatus.ESCALATED);

  private final ActionStatus status;

  TimeoutOutcome(ActionStatus status) {
    this.status = status;
  }

  public ActionStatus status() {
    return status;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TimeoutOutcome fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}

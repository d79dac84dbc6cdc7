package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who asked for an action: an AI agent (through a chat backend) or a human. */
public enum ActorType {
  AI,
  HUMAN;

  // Computed once: rule checks read it for every request.
  private final String json = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String json() {
    return json;
  }

  @JsonCreator
  public static ActorType fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}

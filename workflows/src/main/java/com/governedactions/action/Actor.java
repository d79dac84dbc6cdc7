package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The requester. For a human, {@code id} and {@code roles} are the authenticated caller's, never
 * taken from a request body; for an AI actor, the chat backend that relays it is {@link
 * ActionRequest#submittedBy()}.
 */
public record Actor(ActorType type, String id, List<String> roles) {
  public Actor {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** Not a JSON property: Temporal's data converter refuses unknown fields when it reads one back. */
  @JsonIgnore
  public boolean isAi() {
    return type == ActorType.AI;
  }
}

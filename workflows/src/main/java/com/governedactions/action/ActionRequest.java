package com.governedactions.action;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client asked for. Immutable for the life of the action: a changed request is a new
 * request with a new {@code requestId}.
 *
 * @param submittedBy the authenticated client principal that sent it (the chat backend for an AI
 *     actor, the human themself otherwise); excluded from approving it.
 * @param params action parameters as JSON values; money is a decimal string plus {@code currency}.
 */
public record ActionRequest(
    String requestId,
    String type,
    Map<String, Object> params,
    Actor actor,
    Customer customer,
    String conversationId,
    String channel,
    String submittedBy) {
  public ActionRequest {
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}

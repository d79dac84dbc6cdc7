package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client asked for. Immutable for the life of the action: a changed request is a new
 * request with a new {@code requestId}.
 *
 * @param submittedBy the authenticated client principal that sent it (the chat backend for an AI
 *     actor, the human themself otherwise); excluded from approving it.
 * @param params action parameters as JSON values; money is a decimal string plus {@code currency}.
 * @param excludedApprovers people who, besides the requester, may not approve or reject it: for a
 *     reversal, whoever requested or approved the original. Left out of the JSON when empty, so
 *     requests without it serialize, hash and replay exactly as before the field existed.
 */
public record ActionRequest(
    String requestId,
    String type,
    Map<String, Object> params,
    Actor actor,
    Customer customer,
    String conversationId,
    String channel,
    String submittedBy,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> excludedApprovers) {
  public ActionRequest {
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    excludedApprovers = excludedApprovers == null ? List.of() : List.copyOf(excludedApprovers);
  }

  /** A request that excludes no one beyond its requester: every action but a reversal. */
  public ActionRequest(
      String requestId,
      String type,
      Map<String, Object> params,
      Actor actor,
      Customer customer,
      String conversationId,
      String channel,
      String submittedBy) {
    this(requestId, type, params, actor, customer, conversationId, channel, submittedBy, List.of());
  }

  /**
   * What makes this request impossible to judge, one {@code field: problem} per entry, empty when
   * it is complete. The structure only: whether the catalog knows its type and takes its parameters
   * is the catalog's check. The REST API refuses such a body before anything starts; a request
   * started directly through Temporal is denied by the workflow with these problems as its reason.
   */
  @JsonIgnore
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (blank(requestId)) {
      problems.add("requestId: required: " + ActionIds.requestIdRule());
    } else if (!ActionIds.isValidRequestId(requestId)) {
      problems.add("requestId: must be " + ActionIds.requestIdRule());
    }
    if (blank(type)) {
      problems.add("type: required: the action type, e.g. \"refund\"");
    }
    if (actor == null) {
      problems.add("actor: required: the request names no actor");
    } else {
      if (actor.type() == null) {
        problems.add("actor.type: required: one of " + ActorType.AI.json() + ", " + ActorType.HUMAN.json());
      }
      if (blank(actor.id())) {
        problems.add("actor.id: required: who asks for the action");
      }
    }
    if (customer != null && blank(customer.id())) {
      problems.add("customer.id: required: the customer's id");
    }
    return List.copyOf(problems);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}

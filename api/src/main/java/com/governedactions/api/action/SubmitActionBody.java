package com.governedactions.api.action;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActorType;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.TextFields;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/actions} exactly as the spec shows it. Unknown fields and wrong
 * JSON types are refused while parsing (400); {@link #problems()} names every missing or invalid
 * value (422).
 */
@Schema(description = "A request for one action. Every missing or invalid value is listed at once in a 422.")
record SubmitActionBody(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$",
        description = "The client's id for this request: the same id again answers the same action.")
        String requestId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "An action type of GET /api/v1/catalog.")
        String type,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
        description = "The type's parameters, valid against its schema in GET /api/v1/catalog ({} if none).")
        Map<String, Object> params,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ActorBody actor,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CustomerBody customer,
    @Schema(description = "The conversation the AI actor acts in; required for an AI actor.") String conversationId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Where the request came from, e.g. chat.")
        String channel) {

  static final int MAX_ID_LENGTH = 128;

  /** Who asks: an AI agent (relayed by a chat backend) or the authenticated person themself. */
  record ActorBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"ai", "human"}) String type,
      @Schema(description = "The AI agent's id (required for ai); a person is their principal.") String id) {}

  record CustomerBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id, String segment, String verification) {}

  boolean isAi() {
    return actor != null && ActorType.AI.json().equals(actor.type());
  }

  /** Every missing or invalid value, each naming its field; empty when the body is complete. */
  List<FieldProblem> problems() {
    List<FieldProblem> problems = new ArrayList<>();
    if (isBlank(requestId)) {
      problems.add(new FieldProblem("requestId", "required: " + ActionIds.requestIdRule()));
    } else if (!ActionIds.isValidRequestId(requestId)) {
      problems.add(new FieldProblem("requestId", "must be " + ActionIds.requestIdRule()));
    }
    text(problems, "type", type, true, "the action type, e.g. \"refund\"");
    if (params == null) {
      problems.add(new FieldProblem("params", "required: a JSON object of the action's parameters ({} if none)"));
    }
    actorProblems(problems);
    if (customer == null) {
      problems.add(new FieldProblem("customer", "required: {\"id\": ..., \"segment\": ..., \"verification\": ...}"));
    } else {
      text(problems, "customer.id", customer.id(), true, "the customer's id");
      text(problems, "customer.segment", customer.segment(), false, "");
      text(problems, "customer.verification", customer.verification(), false, "");
    }
    text(problems, "conversationId", conversationId, isAi(), "the conversation the AI actor acts in");
    text(problems, "channel", channel, true, "where the request came from, e.g. \"chat\"");
    return problems;
  }

  private void actorProblems(List<FieldProblem> problems) {
    String allowed = ActorType.AI.json() + ", " + ActorType.HUMAN.json();
    if (actor == null) {
      problems.add(new FieldProblem("actor", "required: {\"type\": \"ai\", \"id\": ...} or {\"type\": \"human\"}"));
      return;
    }
    if (isBlank(actor.type())) {
      problems.add(new FieldProblem("actor.type", "required: one of " + allowed));
    } else if (!isAi() && !ActorType.HUMAN.json().equals(actor.type())) {
      problems.add(new FieldProblem("actor.type", "must be one of " + allowed + ", was \"" + actor.type() + "\""));
    }
    text(problems, "actor.id", actor.id(), isAi(), "the AI agent's id");
  }

  private static void text(
      List<FieldProblem> problems, String field, String value, boolean required, String what) {
    if (isBlank(value)) {
      if (required) {
        problems.add(new FieldProblem(field, "required: " + what));
      } else if (value != null) {
        problems.add(new FieldProblem(field, "must not be blank; leave it out instead"));
      }
    } else if (value.length() > MAX_ID_LENGTH) {
      problems.add(new FieldProblem(field, "must be at most " + MAX_ID_LENGTH + " characters"));
    } else {
      TextFields.check(field, value, problems);
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}

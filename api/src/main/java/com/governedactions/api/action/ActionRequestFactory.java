package com.governedactions.api.action;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.Roles;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.policy.ActionCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns a submitted body into the request the workflow governs: complete (422), allowed for this
 * caller (403), with parameters the action type accepts (422). The actor's identity and roles come
 * from the authenticated caller, never from the body.
 */
@Component
class ActionRequestFactory {
  /** How the catalog's problems with the type itself begin. */
  private static final String TYPE_PREFIX = "type: ";

  private final ActionCatalog catalog;
  private final PrincipalDirectory directory;

  ActionRequestFactory(ActionCatalog catalog, PrincipalDirectory directory) {
    this.catalog = catalog;
    this.directory = directory;
  }

  /**
   * Who may submit is settled first (403) whenever the body names its actor well enough to tell;
   * then every problem of the body, its type and its parameters comes back in one 422.
   */
  ActionRequest from(SubmitActionBody body, PrincipalInfo caller) {
    List<FieldProblem> problems = new ArrayList<>(body.problems());
    boolean actorReadable = problems.stream().noneMatch(p -> p.field().startsWith("actor"));
    Actor actor = actorReadable ? actor(body, caller) : null;
    boolean envelopeBroken = !problems.isEmpty();
    if (problems.stream().noneMatch(p -> p.field().equals("type"))) {
      problems.addAll(typeAndParamProblems(body));
    }
    problems.addAll(aiActorProblems(body));
    if (!problems.isEmpty()) {
      boolean paramsOnly = !envelopeBroken && problems.stream().allMatch(p -> p.field().startsWith("params"));
      throw paramsOnly
          ? ApiProblem.invalid("invalid-params", "Invalid action parameters",
              "The parameters do not fit action type '" + body.type() + "': fix every problem listed in 'errors'.",
              problems)
          : ApiProblem.invalid("invalid-request", "Invalid request",
              "The request is incomplete or has invalid values: fix every field listed in 'errors'.", problems);
    }
    SubmitActionBody.CustomerBody customer = body.customer();
    return new ActionRequest(
        body.requestId(),
        body.type(),
        body.params(),
        actor,
        new Customer(customer.id(), customer.segment(), customer.verification()),
        body.conversationId(),
        body.channel(),
        caller.id());
  }

  /**
   * The catalog's check of the type and its parameters (the one the rule check runs too), each
   * problem at its own path ({@code type}, {@code params.amount}); run even when the envelope has
   * problems, so one answer lists them all.
   */
  private List<FieldProblem> typeAndParamProblems(SubmitActionBody body) {
    String type = body.type();
    if (type == null || type.isBlank()) {
      return List.of();
    }
    if (ActionCatalog.REVERSAL.equals(type)) {
      // Only the reverse endpoint checks the original's status and reversal window.
      return List.of(new FieldProblem("type",
          "'reversal' cannot be requested here: reverse an action with POST /api/v1/actions/{actionId}/reverse"));
    }
    Map<String, Object> params = body.params() == null ? Map.of() : body.params();
    return catalog.validate(type, params).stream()
        // Without params the envelope check has said that they are required: only the type is news.
        .filter(problem -> body.params() != null || problem.startsWith(TYPE_PREFIX))
        .map(ActionRequestFactory::located)
        .toList();
  }

  /** "params.amount: must be ..." as the field {@code params.amount} and its detail; "type: ..." as type. */
  private static FieldProblem located(String problem) {
    if (problem.startsWith(TYPE_PREFIX)) {
      return new FieldProblem("type", problem.substring(TYPE_PREFIX.length()));
    }
    int colon = problem.indexOf(": ");
    return colon > 0 && problem.startsWith("params") && !problem.substring(0, colon).contains(" ")
        ? new FieldProblem(problem.substring(0, colon), problem.substring(colon + 2))
        : new FieldProblem("params", problem);
  }

  /**
   * An AI actor's id must not be the id of a configured principal: approvals and separation of
   * duties speak of principals by id, and an AI named {@code alice} would both block the person
   * alice from approving its requests and make the audit trail read as if she had asked.
   */
  private List<FieldProblem> aiActorProblems(SubmitActionBody body) {
    if (!body.isAi() || body.actor().id() == null || body.actor().id().isBlank()) {
      return List.of();
    }
    String id = body.actor().id();
    return directory.byId(id).known()
        ? List.of(new FieldProblem("actor.id", "'" + id + "' is the id of a principal of this service; an AI"
            + " actor needs an id of its own that names no person or client, e.g. \"ai-" + id + "\""))
        : List.of();
  }

  /**
   * An AI actor can only come from a chat backend, which relays it; a person can only act as
   * themself, with their configured roles (spec sections 4 and 8).
   */
  private static Actor actor(SubmitActionBody body, PrincipalInfo caller) {
    boolean chatBackend = caller.hasAnyRole(List.of(Roles.CHAT_BACKEND));
    if (body.isAi()) {
      if (!chatBackend) {
        throw ApiProblem.forbidden("Only a chat backend may submit for an AI actor; '" + caller.id()
            + "' is not one. A person submits with actor {\"type\": \"human\"}.");
      }
      return new Actor(ActorType.AI, body.actor().id(), List.of());
    }
    if (chatBackend) {
      throw ApiProblem.forbidden("A chat backend submits for AI actors only (actor.type \"ai\"); a person must"
          + " call with their own token to act as a human.");
    }
    if (!caller.human()) {
      throw ApiProblem.forbidden("'" + caller.id() + "' is a service client, not a person, and has no "
          + Roles.CHAT_BACKEND + " role: it cannot request actions.");
    }
    String claimed = body.actor().id();
    if (claimed != null && !claimed.equals(caller.id())) {
      throw ApiProblem.forbidden("You are authenticated as '" + caller.id() + "' and can only act as yourself:"
          + " set actor.id to \"" + caller.id() + "\" or leave it out.");
    }
    return new Actor(ActorType.HUMAN, caller.id(), caller.roles());
  }
}

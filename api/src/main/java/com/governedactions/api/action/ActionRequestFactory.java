package com.governedactions.api.action;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.Roles;
import com.governedactions.directory.PrincipalInfo;
import com.governedactions.rules.ActionCatalog;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns a submitted body into the request the workflow governs: complete (422), allowed for this
 * caller (403), with parameters the action type accepts (422). The actor's identity and roles come
 * from the authenticated caller, never from the body.
 */
@Component
class ActionRequestFactory {
  private final ActionCatalog catalog;

  ActionRequestFactory(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  ActionRequest from(SubmitActionBody body, PrincipalInfo caller) {
    List<FieldProblem> problems = body.problems();
    if (!problems.isEmpty()) {
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "The request is incomplete or has invalid values: fix every field listed in 'errors'.", problems);
    }
    if (ActionCatalog.REVERSAL.equals(body.type())) {
      // Only the reverse endpoint checks the original's status and reversal window.
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "A reversal is requested with POST /api/v1/actions/{actionId}/reverse, not as a new action.",
          List.of(new FieldProblem("type", "'reversal' cannot be requested here")));
    }
    Actor actor = actor(body, caller);
    List<String> paramProblems = catalog.validate(body.type(), body.params());
    if (!paramProblems.isEmpty()) {
      throw ApiProblem.invalid("invalid-params", "Invalid action parameters",
          "The parameters do not fit action type '" + body.type() + "': fix every problem listed in 'errors'.",
          paramProblems.stream().map(p -> new FieldProblem("params", p)).toList());
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

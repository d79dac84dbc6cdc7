package com.governedactions.action.workflow;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Customer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionRequestTest {
  private static final Map<String, Object> PARAMS = Map.of("orderId", "A-1001");

  @Test
  void given_aCompleteRequest_when_checked_then_ithasNoProblems() {
    assertThat(GovernedActionWorkflowTest.refund("r-1").problems()).isEmpty();
  }

  @Test
  void given_noActor_when_checked_then_theActorIsNamed() {
    ActionRequest request = new ActionRequest("r-1", "refund", PARAMS, null, null, null, null, null);

    assertThat(request.problems()).containsExactly("actor: required: the request names no actor");
  }

  @Test
  void given_everythingMissing_when_checked_then_everyProblemIsListedAtItsField() {
    ActionRequest request = new ActionRequest(
        " ", null, null, new Actor(null, "", List.of()), new Customer(null, null, null), null, null, null);

    assertThat(request.problems())
        .extracting(problem -> problem.substring(0, problem.indexOf(':')))
        .containsExactly("requestId", "type", "actor.type", "actor.id", "customer.id");
  }

  @Test
  void given_aRequestIdWithSpaces_when_checked_then_itSaysWhatAValidOneLooksLike() {
    ActionRequest request = new ActionRequest(
        "r 1", "refund", PARAMS, new Actor(ActorType.AI, "bot", List.of()), null, null, null, null);

    assertThat(request.problems()).containsExactly("requestId: must be " + ActionIds.requestIdRule());
  }

  @Test
  void given_aRequest_when_serialized_then_itsProblemsAreNotPartOfIt() {
    ActionRequest request = GovernedActionWorkflowTest.refund("r-1");

    assertThat(CanonicalHash.ofRequest(request))
        .isEqualTo(CanonicalHash.ofRequest(new ActionRequest(request.requestId(), request.type(), request.params(),
            request.actor(), request.customer(), request.conversationId(), request.channel(), request.submittedBy())));
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(request).has("problems")).isFalse();
  }
}

package com.governedactions.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.api.FieldProblem;
import com.governedactions.policy.ControlCharacters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitActionBodyTest {

  private static SubmitActionBody body(String customerId, String conversationId, String channel, String actorId) {
    return new SubmitActionBody("conv-81-msg-12", "refund", Map.of(),
        new SubmitActionBody.ActorBody("ai", actorId),
        new SubmitActionBody.CustomerBody(customerId, "vip", "otp"), conversationId, channel);
  }

  @Test
  void given_completeBody_when_checked_then_noProblems() {
    assertThat(body("C-42", "conv-81", "chat", "support-bot").problems()).isEmpty();
  }

  @Test
  void given_nulAndOtherControlsInTextFields_when_checked_then_eachFieldIsNamed() {
    assertThat(body("C-42\0", "conv\u0001-81", "chat\u007F", "support\u001Bbot").problems())
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder("customer.id", "conversationId", "channel", "actor.id");
    assertThat(body("C-42\0", "conv-81", "chat", "support-bot").problems())
        .containsExactly(new FieldProblem("customer.id", ControlCharacters.RULE));
  }

  @Test
  void given_tabOrLineBreakInAText_when_checked_then_accepted() {
    assertThat(body("C-42", "conv-81", "chat\tweb", "support-bot").problems()).isEmpty();
  }

  @Test
  void given_controlCharacterInTheRequestId_when_checked_then_theRequestIdRuleNamesIt() {
    SubmitActionBody body = new SubmitActionBody("conv-81\0", "refund", Map.of(),
        new SubmitActionBody.ActorBody("human", null), new SubmitActionBody.CustomerBody("C-42", null, null),
        null, "chat");

    assertThat(body.problems()).extracting(FieldProblem::field).containsExactly("requestId");
  }
}

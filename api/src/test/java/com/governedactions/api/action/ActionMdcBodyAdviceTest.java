package com.governedactions.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ActionMdcBodyAdviceTest {
  private final ActionMdcBodyAdvice advice = new ActionMdcBodyAdvice();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void given_aSubmission_when_itsBodyIsRead_then_theActionItCreatesIsNamedInTheMdc() {
    advice.afterBodyRead(body("req-42"), null, null, SubmitActionBody.class, null);

    assertThat(MDC.get("actionId")).isEqualTo("action-req-42");
    assertThat(MDC.get("workflowId")).isEqualTo("action-req-42");
    assertThat(MDC.get("requestId")).isEqualTo("req-42");
  }

  @Test
  void given_anInvalidRequestId_when_itsBodyIsRead_then_nothingIsNamed() {
    advice.afterBodyRead(body("bad id\n"), null, null, SubmitActionBody.class, null);

    assertThat(MDC.get("actionId")).isNull();
  }

  private static SubmitActionBody body(String requestId) {
    return new SubmitActionBody(requestId, "refund", null, null, null, null, null);
  }
}

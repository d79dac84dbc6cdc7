package com.governedactions.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ActionMdcFilterTest {
  private final ActionMdcFilter filter = new ActionMdcFilter();

  @Test
  void given_aRequestAboutAnAction_when_handled_then_itsLinesCarryTheActionIdsAndNothingIsLeftAfter() throws Exception {
    Map<String, String> seen = handle("POST", "/api/v1/actions/action-req-7/approve");

    assertThat(seen)
        .containsEntry("actionId", "action-req-7")
        .containsEntry("workflowId", "action-req-7")
        .containsEntry("requestId", "req-7");
    assertThat(MDC.getCopyOfContextMap()).as("cleared after the request").isNullOrEmpty();
  }

  @Test
  void given_somethingThatIsNoActionId_when_handled_then_itIsNotLoggedAsOne() throws Exception {
    assertThat(handle("GET", "/api/v1/actions/%00%0Aforged")).doesNotContainKey("actionId");
    assertThat(handle("GET", "/api/v1/approvals")).doesNotContainKey("actionId");
  }

  @Test
  void given_aSubmissionThatNamedItsActionWhileHandled_when_done_then_theFieldsAreTakenAway() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/actions");
    filter.doFilter(request, new MockHttpServletResponse(),
        (req, res) -> com.governedactions.observability.ActionMdc.enter("action-req-8")); // as the body advice does

    assertThat(MDC.get("actionId")).isNull();
  }

  private Map<String, String> handle(String method, String uri) throws Exception {
    Map<String, String> seen = new HashMap<>();
    MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
    filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      if (mdc != null) {
        seen.putAll(mdc);
      }
    });
    return seen;
  }
}

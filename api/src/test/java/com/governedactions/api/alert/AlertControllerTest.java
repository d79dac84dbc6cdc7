package com.governedactions.api.alert;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.alert.Alert;
import com.governedactions.audit.alert.AlertKind;
import com.governedactions.audit.alert.AlertPage;
import com.governedactions.audit.alert.AlertStore;
import com.governedactions.directory.PrincipalDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AlertController.class)
class AlertControllerTest {
  private static final String PROBLEMS = "https://governed-actions.dev/problems/";

  @Autowired MockMvc mvc;
  @MockitoBean AlertStore alerts;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("olivia-token", "olivia", "chat-token", "chat-backend"),
          List.of(
              new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
              new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND"))));
    }
  }

  @Test
  void given_operator_when_listingByKind_then_alertsWithWhatWasSeenAndTheLinkedActions() throws Exception {
    Alert alert = new Alert(7, AlertKind.REPEATED_DENIALS, Instant.parse("2026-03-01T10:00:00Z"), "conversation:conv-81",
        "refund", "conversation conv-81 had 3 denied requests within PT1H (refund): possible prompt injection",
        Map.of("denied", 3), List.of("action-a", "action-b", "action-c"), "alert-7");
    when(alerts.list(any(), anyInt(), any())).thenReturn(new AlertPage(List.of(alert), "more"));

    mvc.perform(get("/api/v1/alerts?kind=REPEATED_DENIALS&limit=5").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].kind").value("REPEATED_DENIALS"))
        .andExpect(jsonPath("$.items[0].summary").value(alert.summary()))
        .andExpect(jsonPath("$.items[0].actionIds.length()").value(3))
        .andExpect(jsonPath("$.items[0].auditStream").value("alert-7"))
        .andExpect(jsonPath("$.items[0].raisedAt").value("2026-03-01T10:00:00Z"))
        .andExpect(jsonPath("$.nextCursor").value("more"));
    verify(alerts).list(AlertKind.REPEATED_DENIALS, 5, null);
  }

  @Test
  void given_noFilter_when_listing_then_everyKindWithTheDefaultLimit() throws Exception {
    when(alerts.list(isNull(), anyInt(), isNull())).thenReturn(new AlertPage(List.of(), null));

    mvc.perform(get("/api/v1/alerts").header("Authorization", "Bearer olivia-token")).andExpect(status().isOk());

    verify(alerts).list(null, AlertController.DEFAULT_LIMIT, null);
  }

  @Test
  void given_chatBackend_when_listing_then_403() throws Exception {
    mvc.perform(get("/api/v1/alerts").header("Authorization", "Bearer chat-token"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(alerts);
  }

  @Test
  void given_unknownKindAndBadLimit_when_listing_then_400NamingTheAllowedKinds() throws Exception {
    mvc.perform(get("/api/v1/alerts?kind=weird&limit=abc").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-query-parameter"))
        .andExpect(jsonPath("$.errors[?(@.field == 'kind')].detail").value(org.hamcrest.Matchers.hasItem(
            org.hamcrest.Matchers.containsString("SPLIT_REFUNDS"))))
        .andExpect(jsonPath("$.errors[?(@.field == 'limit')]").exists());
    verifyNoInteractions(alerts);
  }

  /** Found by the contract test: Spring Security's firewall refused the name inside the controller, a 500. */
  @Test
  void given_aParameterNameWithAControlCharacter_when_listing_then_400_andNothingIsRead() throws Exception {
    mvc.perform(get("/api/v1/alerts").param("k\u0001ind", "x").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-request"))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("control character")));
    verifyNoInteractions(alerts);
  }

  @Test
  void given_kindInLowercaseAndBlankLimit_when_listing_then_400NamingBoth() throws Exception {
    mvc.perform(get("/api/v1/alerts?kind=repeated_denials&limit=").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[?(@.field == 'kind')].detail").value(org.hamcrest.Matchers.hasItem(
            org.hamcrest.Matchers.containsString("REPEATED_DENIALS"))))
        .andExpect(jsonPath("$.errors[?(@.field == 'limit')]").exists());
    verifyNoInteractions(alerts);
  }

  @Test
  void given_badCursor_when_listing_then_400OnTheCursor() throws Exception {
    when(alerts.list(any(), anyInt(), eq("junk"))).thenThrow(new IllegalArgumentException("cursor is not valid"));

    mvc.perform(get("/api/v1/alerts?cursor=junk").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
  }
}

package com.governedactions.api.autonomy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.autonomy.AutonomyAdvisor;
import com.governedactions.autonomy.AutonomyReport;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.PolicyVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AutonomyController.class)
class AutonomyControllerTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-08T00:00:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean AutonomyAdvisor advisor;

  @TestConfiguration
  static class Beans {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("sam-token", "sam", "pat-token", "pat", "chat-token", "chat-backend"),
          List.of(
              new PrincipalInfo("sam", true, true, List.of("SUPERVISOR")),
              new PrincipalInfo("pat", true, true, List.of("POLICY_ADMIN")),
              new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND"))));
    }

    @Bean
    ActionCatalog actionCatalog() {
      return new ActionCatalog();
    }
  }

  @BeforeEach
  void thirtyDayDefaultWindow() {
    when(advisor.defaultWindow()).thenReturn(Duration.ofDays(30));
  }

  @Test
  void given_supervisor_when_readingAWindowWithoutData_then_anEmptyAnswerThatSaysSo() throws Exception {
    when(advisor.report("refund", FROM, TO)).thenReturn(
        new AutonomyReport(FROM, TO, "refund", 3, List.of(), List.of(), List.of(), "no actions were created in this window for refund: nothing to measure"));

    mvc.perform(get("/api/v1/autonomy?actionType=refund&from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z")
            .header("Authorization", "Bearer sam-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.paths.length()").value(0))
        .andExpect(jsonPath("$.policyVersion").value(3))
        .andExpect(jsonPath("$.note").value("no actions were created in this window for refund: nothing to measure"));
  }

  @Test
  void given_noWindow_when_reading_then_theLast30Days() throws Exception {
    when(advisor.report(any(), any(), any())).thenReturn(
        new AutonomyReport(FROM, TO, null, 3, List.of(), List.of(), List.of(), "none"));

    mvc.perform(get("/api/v1/autonomy").header("Authorization", "Bearer sam-token")).andExpect(status().isOk());

    verify(advisor).report(org.mockito.ArgumentMatchers.isNull(),
        org.mockito.ArgumentMatchers.argThat(from -> from.isBefore(Instant.now().minus(Duration.ofDays(29)))),
        org.mockito.ArgumentMatchers.argThat(to -> to.isAfter(Instant.now().minus(Duration.ofMinutes(1)))));
  }

  @Test
  void given_unknownActionType_when_reading_then_400NamingActionType() throws Exception {
    mvc.perform(get("/api/v1/autonomy?actionType=teleport").header("Authorization", "Bearer sam-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("actionType"));
    verify(advisor, org.mockito.Mockito.never()).report(any(), any(), any());
  }

  @Test
  void given_unparsableFrom_when_reading_then_400NamingFrom() throws Exception {
    mvc.perform(get("/api/v1/autonomy?from=yesterday&to=2026-03-08T00:00:00Z").header("Authorization", "Bearer sam-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("from"));
  }

  @Test
  void given_toBeforeFrom_when_reading_then_400NamingTo() throws Exception {
    mvc.perform(get("/api/v1/autonomy?from=2026-03-08T00:00:00Z&to=2026-03-01T00:00:00Z")
            .header("Authorization", "Bearer sam-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("to"));
  }

  @Test
  void given_chatBackend_when_reading_then_403() throws Exception {
    mvc.perform(get("/api/v1/autonomy").header("Authorization", "Bearer chat-token"))
        .andExpect(status().isForbidden());
  }

  @Test
  void given_policyAdmin_when_proposingUnderDualControl_then_202Pending() throws Exception {
    PolicyVersion pending = org.mockito.Mockito.mock(PolicyVersion.class);
    when(pending.version()).thenReturn(4L);
    when(pending.status()).thenReturn(PolicyVersion.Status.PENDING);
    when(pending.author()).thenReturn("pat");
    when(advisor.propose("abc", "pat")).thenReturn(Optional.of(pending));

    mvc.perform(post("/api/v1/autonomy/suggestions/abc/propose").header("Authorization", "Bearer pat-token"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.version").value(4))
        .andExpect(jsonPath("$.status").value("PENDING"));
  }

  @Test
  void given_unknownId_when_proposing_then_404() throws Exception {
    when(advisor.propose(anyString(), anyString())).thenReturn(Optional.empty());

    mvc.perform(post("/api/v1/autonomy/suggestions/nope/propose").header("Authorization", "Bearer pat-token"))
        .andExpect(status().isNotFound());
  }

  @Test
  void given_supervisor_when_proposing_then_403AndNothingSubmitted() throws Exception {
    mvc.perform(post("/api/v1/autonomy/suggestions/abc/propose").header("Authorization", "Bearer sam-token"))
        .andExpect(status().isForbidden());
    verify(advisor, org.mockito.Mockito.never()).propose(anyString(), anyString());
  }
}

package com.governedactions.api.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.autonomy.AutonomyAdvisor;
import com.governedactions.autonomy.AutonomyReport;
import com.governedactions.autonomy.PathStats;
import com.governedactions.autonomy.Suggestion;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.PolicyValidationException;
import com.governedactions.policy.PolicyVersion;
import com.governedactions.policy.SimulationReport;
import java.math.BigDecimal;
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

@WebMvcTest(ConsoleAutonomyController.class)
class ConsoleAutonomyControllerTest {
  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
  private static final String XSS = "\"><script>alert(1)</script>";

  @Autowired MockMvc mvc;
  @MockitoBean AutonomyAdvisor advisor;

  @TestConfiguration
  static class Beans {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("pat", true, true, List.of("POLICY_ADMIN")),
          new PrincipalInfo("sam", true, true, List.of("SUPERVISOR")),
          new PrincipalInfo("olivia", true, true, List.of("OPERATOR"))));
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
  void given_aSupervisor_when_readingAWindow_then_theParsedWindowIsRead_andTheSuggestionShowsPatchAndImpact_escaped_withoutPropose()
      throws Exception {
    when(advisor.report("refund", FROM, TO)).thenReturn(report());

    mvc.perform(get("/console/autonomy").with(user("sam"))
            .param("actionType", "refund").param("from", "2026-11-01T00:00:00Z").param("to", "2026-12-01T00:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"suggestion-sug-1\"")))
        .andExpect(content().string(containsString("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")))
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString("&quot;op&quot; : &quot;test&quot;")))
        .andExpect(content().string(containsString("require_approval → allow")))
        .andExpect(content().string(containsString("7120.50 USD")))
        .andExpect(content().string(containsString("6.7")))
        .andExpect(content().string(containsString("0.954")))
        .andExpect(content().string(not(containsString("propose-sug-1"))));
    verify(advisor).report("refund", FROM, TO);
  }

  @Test
  void given_aPolicyAdmin_when_theWindowIsLeftEmpty_then_theLast30Days_andAProposeButtonKeepingNoWindow() throws Exception {
    when(advisor.report(any(), any(), any())).thenReturn(report());

    mvc.perform(get("/console/autonomy").with(user("pat")).param("actionType", "").param("from", "").param("to", ""))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"propose-sug-1\"")))
        .andExpect(content().string(containsString("action=\"/console/autonomy/suggestions/sug-1/propose\"")))
        .andExpect(content().string(containsString("name=\"_csrf\"")));
    verify(advisor).report(org.mockito.ArgumentMatchers.isNull(),
        org.mockito.ArgumentMatchers.argThat(from -> from.isBefore(Instant.now().minus(Duration.ofDays(29)))),
        org.mockito.ArgumentMatchers.argThat(to -> to.isAfter(Instant.now().minus(Duration.ofMinutes(1)))));
  }

  @Test
  void given_aWindowEndingBeforeItStarts_andAnUnknownType_when_read_then_400NamingBoth_andNothingIsRead() throws Exception {
    mvc.perform(get("/console/autonomy").with(user("sam"))
            .param("actionType", "teleport").param("from", "2026-12-01T00:00:00Z").param("to", "2026-11-01T00:00:00Z"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("unknown action type &#39;teleport&#39;")))
        .andExpect(content().string(containsString("must be later than from (2026-12-01T00:00:00Z)")))
        .andExpect(content().string(containsString("Nothing was read.")));
    verify(advisor, never()).report(any(), any(), any());
  }

  @Test
  void given_anOperator_when_theAutonomyPageIsOpenedOrAProposalSent_then_403_andNothingIsReadOrProposed() throws Exception {
    mvc.perform(get("/console/autonomy").with(user("olivia")))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString(
            "needs one of the roles [POLICY_ADMIN, SUPERVISOR, MANAGER]; &#39;olivia&#39; has [OPERATOR]")));
    mvc.perform(post("/console/autonomy/suggestions/sug-1/propose").with(user("olivia")).with(csrf()))
        .andExpect(status().isForbidden());
    verify(advisor, never()).report(any(), any(), any());
    verify(advisor, never()).propose(anyString(), anyString());
  }

  @Test
  void given_aSupervisor_when_proposing_then_403_andNothingIsProposed() throws Exception {
    mvc.perform(post("/console/autonomy/suggestions/sug-1/propose").with(user("sam")).with(csrf()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString("needs one of the roles [POLICY_ADMIN]")));
    verify(advisor, never()).propose(anyString(), anyString());
  }

  @Test
  void given_noCsrfToken_when_proposing_then_403_andNothingIsProposed() throws Exception {
    mvc.perform(post("/console/autonomy/suggestions/sug-1/propose").with(user("pat")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(advisor);
  }

  @Test
  void given_aPolicyAdmin_when_proposingUnderDualControl_then_thePendingVersionIsShownInline_andTheSameWindowIsReadAgain()
      throws Exception {
    PolicyVersion pending = new PolicyVersion(4, "{}", "json", "pat", TO, PolicyVersion.Status.PENDING, 3L, null, null,
        null, null);
    when(advisor.propose("sug-1", "pat")).thenReturn(Optional.of(pending));
    when(advisor.report("refund", FROM, TO)).thenReturn(report());

    mvc.perform(post("/console/autonomy/suggestions/sug-1/propose").with(user("pat")).with(csrf())
            .param("actionType", "refund").param("from", "2026-11-01T00:00:00Z").param("to", "2026-12-01T00:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"proposed-version\">4<")))
        .andExpect(content().string(containsString("id=\"proposed-status\">PENDING<")))
        .andExpect(content().string(containsString("awaits a second policy admin")));
    verify(advisor).propose("sug-1", "pat");
    verify(advisor).report("refund", FROM, TO);
  }

  @Test
  void given_anUnknownSuggestion_when_proposed_then_404WithAMessage() throws Exception {
    when(advisor.propose(anyString(), anyString())).thenReturn(Optional.empty());
    when(advisor.report(any(), any(), any())).thenReturn(report());

    mvc.perform(post("/console/autonomy/suggestions/nope/propose").with(user("pat")).with(csrf()))
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("id=\"proposal-problem\"")))
        .andExpect(content().string(containsString("gave suggestion &#39;nope&#39;")));
  }

  @Test
  void given_anOutdatedSuggestion_when_proposed_then_409WithTheAdvisorsWords() throws Exception {
    AutonomyAdvisor.SuggestionOutdated outdated = mock(AutonomyAdvisor.SuggestionOutdated.class);
    when(outdated.getMessage()).thenReturn("suggestion sug-1 patches policy version 3, but version 5 is active now");
    when(advisor.propose("sug-1", "pat")).thenThrow(outdated);
    when(advisor.report(any(), any(), any())).thenReturn(report());

    mvc.perform(post("/console/autonomy/suggestions/sug-1/propose").with(user("pat")).with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(content().string(containsString("but version 5 is active now")));
  }

  @Test
  void given_aPatchedPolicyThatDoesNotValidate_when_proposed_then_422ListingEveryProblem_escaped() throws Exception {
    when(advisor.propose("sug-1", "pat")).thenThrow(
        new PolicyValidationException(List.of("rule refund-over-50: unknown field " + XSS, "rule x: no effect")));
    when(advisor.report(any(), any(), any())).thenReturn(report());

    mvc.perform(post("/console/autonomy/suggestions/sug-1/propose").with(user("pat")).with(csrf()))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().string(containsString("The patched policy has 2 problem(s); nothing was stored.")))
        .andExpect(content().string(containsString("unknown field &quot;&gt;&lt;script&gt;")))
        .andExpect(content().string(containsString("rule x: no effect")))
        .andExpect(content().string(not(containsString(XSS))));
  }

  private static AutonomyReport report() throws Exception {
    PathStats path = new PathStats("ai", "support-bot", "refund", "> 50 and <= 500", 1, new BigDecimal("50"),
        new BigDecimal("500"), "USD", 80, 80, 0, 0, 0.954, 0, 0.0375, 0, 0.0375, 42.0, 0, 0, 0, 0.0);
    SimulationReport simulation = new SimulationReport(FROM, TO, 3, 80, 0, 80,
        List.of(new SimulationReport.Transition("require_approval", "allow", 80, Map.of("USD", "7120.50"),
            List.of("action-conv-1"))), List.of(), "rebuilt", 12);
    Suggestion suggestion = new Suggestion("sug-1", Suggestion.Kind.RELAX, "refund by support-bot " + XSS, 3,
        JsonMapper.builder().build().readTree("[{\"op\":\"test\",\"path\":\"/rules/0/when\",\"value\":\"x\"}]"),
        simulation, new Suggestion.Impact(80, Map.of("USD", "7120.50"), 80, 6.67), path);
    return new AutonomyReport(FROM, TO, "refund", 3, List.of(path), List.of(suggestion), List.of(), null);
  }
}

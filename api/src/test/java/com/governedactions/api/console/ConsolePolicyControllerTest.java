package com.governedactions.api.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyChangeRefused;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.PolicyVersion;
import com.governedactions.policy.PolicyVersionStore;
import com.governedactions.policy.SimulationReport;
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

/**
 * The console's policy pages over the real {@link PolicyAdministration} and compiler (so the
 * validation is the one PUT runs) with dual control on; the version store, the active policy
 * and the simulator are mocks.
 */
@WebMvcTest(ConsolePolicyController.class)
class ConsolePolicyControllerTest {
  private static final Instant WRITTEN = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
  private static final String XSS = "</textarea><script>alert(1)</script>";
  private static final String ACTIVE = """
      rules:
        - id: refund-small
          description: small refunds run once the customer confirms
          when: action.type == "refund" && action.amount <= 50.0
          effect: require_confirmation
        - id: refund-medium-approval
          when: action.type == "refund" && action.amount > 50.0
          effect: require_approval
          approval:
            tiers:
              - {roles: [SUPERVISOR], sla: PT4H}
            approvers: 1
            onTimeout: expire
      """;
  private static final String LOWER = ACTIVE.replace("<= 50.0", "<= 40.0").replace("> 50.0", "> 40.0");

  @Autowired MockMvc mvc;
  @MockitoBean PolicyVersionStore store;
  @MockitoBean ActivePolicy activePolicy;
  @MockitoBean PolicySimulator simulator;
  @Autowired PolicyCompiler compiler;

  @TestConfiguration
  static class Beans {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("paul", true, true, List.of("POLICY_ADMIN")),
          new PrincipalInfo("petra", true, true, List.of("POLICY_ADMIN")),
          new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"))));
    }

    @Bean
    ActionCatalog actionCatalog() {
      return new ActionCatalog();
    }

    @Bean
    PolicyCompiler policyCompiler(ActionCatalog catalog) {
      return new PolicyCompiler(catalog);
    }

    @Bean
    PolicyAdministration policyAdministration(PolicyCompiler compiler, PolicyVersionStore store,
        ActivePolicy activePolicy, PrincipalDirectory directory) {
      return new PolicyAdministration(compiler, store, activePolicy, directory, true);
    }
  }

  private static PolicyVersion version(long n, String document, PolicyVersion.Status status, String author,
      String decidedBy) {
    return new PolicyVersion(n, document, "yaml", author, WRITTEN, status, n == 1 ? null : n - 1, decidedBy,
        decidedBy == null ? null : WRITTEN.plusSeconds(60), null,
        status == PolicyVersion.Status.ACTIVE || status == PolicyVersion.Status.SUPERSEDED ? WRITTEN.plusSeconds(60) : null);
  }

  private static final PolicyVersion V3 = version(3, ACTIVE, PolicyVersion.Status.ACTIVE, "petra", "paul");
  private static final PolicyVersion V4 = version(4, LOWER, PolicyVersion.Status.PENDING, "paul", null);

  @BeforeEach
  void versionThreeIsActive_andFourPending() {
    when(activePolicy.current()).thenReturn(compiler.compile(ACTIVE, 3));
    when(store.find(3)).thenReturn(Optional.of(V3));
    when(store.all()).thenReturn(List.of(V4, V3));
  }

  @Test
  void given_aPolicyAdmin_when_thePolicyPageIsOpened_then_theActiveVersionAndTheHistoryWithLinks() throws Exception {
    mvc.perform(get("/console/policy").with(user("paul")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"active-version\">3<")))
        .andExpect(content().string(containsString("id=\"active-approver\">paul<")))
        .andExpect(content().string(containsString("refund-medium-approval")))
        .andExpect(content().string(containsString("href=\"/console/policy/versions/4\"")))
        .andExpect(content().string(containsString("data-version=\"4\" data-status=\"PENDING\"")))
        .andExpect(content().string(containsString("id=\"nav-policy\"")));
  }

  @Test
  void given_aSupervisor_when_anyPolicyPageIsOpenedOrPosted_then_403_andNothingIsReadOrStored() throws Exception {
    for (String page : List.of("/console/policy", "/console/policy/edit", "/console/policy/versions/4")) {
      mvc.perform(get(page).with(user("alice")))
          .andExpect(status().isForbidden())
          .andExpect(content().string(containsString("needs one of the roles [POLICY_ADMIN]; &#39;alice&#39; has [SUPERVISOR]")));
    }
    for (String action : List.of("/console/policy/simulate", "/console/policy/save", "/console/policy/versions/4/approve",
        "/console/policy/versions/4/reject")) {
      mvc.perform(post(action).with(user("alice")).with(csrf()).param("document", LOWER).param("reason", "no"))
          .andExpect(status().isForbidden());
    }
    verify(store, never()).all();
    verify(store, never()).add(anyString(), anyString(), anyString(), anyBoolean());
    verify(store, never()).approve(anyLong(), anyString());
    verify(store, never()).reject(anyLong(), anyString(), anyString());
    verify(simulator, never()).simulate(any(), any(), any(), any(), anyInt());
  }

  @Test
  void given_markupInTheActivePolicy_when_thePagesAreShown_then_itIsEscaped_andTheTextareaIsNotClosedByIt() throws Exception {
    String hostile = ACTIVE.replace("small refunds run once the customer confirms", "\"" + XSS + "\"");
    PolicyVersion v3 = version(3, hostile, PolicyVersion.Status.ACTIVE, "petra", "paul");
    when(store.find(3)).thenReturn(Optional.of(v3));
    when(store.all()).thenReturn(List.of(v3));

    for (String page : List.of("/console/policy", "/console/policy/edit", "/console/policy/versions/3")) {
      mvc.perform(get(page).with(user("paul")))
          .andExpect(status().isOk())
          .andExpect(content().string(containsString("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;")))
          .andExpect(content().string(not(containsString("<script>alert(1)"))));
    }
  }

  @Test
  void given_theEditor_when_opened_then_theTextareaHoldsTheActiveYaml_andBothButtonsPostWithCsrf() throws Exception {
    mvc.perform(get("/console/policy/edit").with(user("paul")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("action.amount &lt;= 50.0")))
        .andExpect(content().string(containsString("action=\"/console/policy/simulate\"")))
        .andExpect(content().string(containsString("formaction=\"/console/policy/save\"")))
        .andExpect(content().string(containsString("name=\"_csrf\"")));
  }

  @Test
  void given_aMisspelledField_when_validated_then_422_theProblemAtItsLineAndColumn_theLineMarked_andTheDraftKept()
      throws Exception {
    String typo = ACTIVE.replace("action.amount <= 50.0", "action.amout <= 50.0");

    mvc.perform(post("/console/policy/simulate").with(user("paul")).with(csrf()).param("document", typo))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().string(containsString("id=\"problems\"")))
        .andExpect(content().string(matchesPattern("(?s).*<li><a class=\"problem-link\" href=\"#line-4\">line 4, column \\d+: rule &#39;refund-small&#39;: .*amout.*")))
        .andExpect(content().string(containsString("<li id=\"line-4\" class=\"bad-line\">")))
        .andExpect(content().string(containsString("<li id=\"line-3\">")))
        .andExpect(content().string(containsString("action.amout &lt;= 50.0")))
        .andExpect(content().string(not(containsString("id=\"simulation\""))));
    verify(simulator, never()).simulate(any(), any(), any(), any(), anyInt());
    verify(store, never()).add(anyString(), anyString(), anyString(), anyBoolean());
  }

  @Test
  void given_aBadIndentation_when_validated_then_theParseErrorIsShownAtItsLine() throws Exception {
    String badIndent = ACTIVE.replace("    effect: require_confirmation", "      effect: require_confirmation");

    mvc.perform(post("/console/policy/simulate").with(user("paul")).with(csrf()).param("document", badIndent))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().string(matchesPattern("(?s).*href=\"#line-\\d+\">line \\d+, column \\d+: .*")))
        .andExpect(content().string(containsString("class=\"bad-line\"")));
  }

  @Test
  void given_aValidDraft_when_simulated_then_theWindowsChangesAndTheMoneyAreShown_andNothingIsStored() throws Exception {
    SimulationReport report = new SimulationReport(FROM, TO, 3, 120, 0, 2,
        List.of(new SimulationReport.Transition("require_confirmation", "require_approval", 2, Map.of("USD", "91.00"),
            List.of("action-conv-7"))),
        List.of(new SimulationReport.RuleChanges("refund-medium-approval", 2, List.of())), "rebuilt", 9);
    when(simulator.simulate(any(), any(), eq(FROM), eq(TO), eq(3))).thenReturn(report);

    mvc.perform(post("/console/policy/simulate").with(user("paul")).with(csrf())
            .param("document", LOWER).param("from", "2026-11-01T00:00:00Z").param("to", "2026-12-01T00:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"changed\">2<")))
        .andExpect(content().string(containsString("id=\"replayed\">120<")))
        .andExpect(content().string(containsString("require_confirmation → require_approval")))
        .andExpect(content().string(containsString("91.00 USD")))
        .andExpect(content().string(containsString("action-conv-7")))
        .andExpect(content().string(containsString("action.amount &lt;= 40.0")))
        .andExpect(content().string(not(containsString("id=\"problems\""))));
    verify(simulator).simulate(any(), any(), eq(FROM), eq(TO), eq(3));
    verify(store, never()).add(anyString(), anyString(), anyString(), anyBoolean());
  }

  @Test
  void given_anUnparsableWindow_when_simulated_then_400NamingIt_andNothingRuns() throws Exception {
    mvc.perform(post("/console/policy/simulate").with(user("paul")).with(csrf())
            .param("document", LOWER).param("from", "yesterday"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("must be an ISO-8601 instant like 2026-11-01T00:00:00Z, was &#39;yesterday&#39;")))
        .andExpect(content().string(containsString("action.amount &lt;= 40.0")));
    verify(simulator, never()).simulate(any(), any(), any(), any(), anyInt());
  }

  @Test
  void given_dualControl_when_paulSaves_then_202_itIsStoredPendingThroughTheService_andLinked() throws Exception {
    when(store.add(LOWER, "yaml", "paul", true)).thenReturn(V4);

    mvc.perform(post("/console/policy/save").with(user("paul")).with(csrf()).param("document", LOWER))
        .andExpect(status().isAccepted())
        .andExpect(content().string(containsString("id=\"saved-status\">PENDING<")))
        .andExpect(content().string(containsString("href=\"/console/policy/versions/4\"")))
        .andExpect(content().string(containsString("awaits a second policy admin")));
    verify(store).add(LOWER, "yaml", "paul", true);
  }

  @Test
  void given_aTextareasCrLfLineBreaks_when_saved_then_theDocumentIsStoredWithTheLfLinesItWasTypedWith() throws Exception {
    when(store.add(LOWER, "yaml", "paul", true)).thenReturn(V4);

    mvc.perform(post("/console/policy/save").with(user("paul")).with(csrf()).param("document", LOWER.replace("\n", "\r\n")))
        .andExpect(status().isAccepted());
    verify(store).add(LOWER, "yaml", "paul", true);
  }

  @Test
  void given_anInvalidDraft_when_saved_then_422_andNothingIsStored() throws Exception {
    mvc.perform(post("/console/policy/save").with(user("paul")).with(csrf())
            .param("document", ACTIVE.replace("effect: require_confirmation", "effect: maybe")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().string(containsString("class=\"bad-line\"")))
        .andExpect(content().string(containsString("maybe")));
    verify(store, never()).add(anyString(), anyString(), anyString(), anyBoolean());
  }

  @Test
  void given_noCsrfToken_when_savingApprovingOrRejecting_then_403_andNothingChanges() throws Exception {
    mvc.perform(post("/console/policy/save").with(user("paul")).param("document", LOWER)).andExpect(status().isForbidden());
    mvc.perform(post("/console/policy/versions/4/approve").with(user("petra"))).andExpect(status().isForbidden());
    mvc.perform(post("/console/policy/versions/4/reject").with(user("petra")).param("reason", "x"))
        .andExpect(status().isForbidden());
    verify(store, never()).add(anyString(), anyString(), anyString(), anyBoolean());
    verify(store, never()).approve(anyLong(), anyString());
    verify(store, never()).reject(anyLong(), anyString(), anyString());
  }

  @Test
  void given_aPendingVersion_when_opened_then_itsDiffAgainstThePredecessor_andApproveAndRejectButtons() throws Exception {
    mvc.perform(get("/console/policy/versions/4").with(user("petra")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"status\">PENDING<")))
        .andExpect(content().string(containsString("Diff against version 3")))
        .andExpect(content().string(containsString("<code class=\"del\">-    when: action.type == &quot;refund&quot; &amp;&amp; action.amount &lt;= 50.0</code>")))
        .andExpect(content().string(containsString("<code class=\"add\">+    when: action.type == &quot;refund&quot; &amp;&amp; action.amount &lt;= 40.0</code>")))
        .andExpect(content().string(containsString("action=\"/console/policy/versions/4/approve\"")))
        .andExpect(content().string(containsString("action=\"/console/policy/versions/4/reject\"")));
  }

  @Test
  void given_paulsPendingVersion_when_paulApprovesIt_then_403InlineInTheApisWords_andItStaysPending() throws Exception {
    when(store.approve(4, "paul")).thenThrow(new PolicyChangeRefused(PolicyChangeRefused.Reason.OWN_VERSION,
        "'paul' wrote version 4 and cannot approve it; another policy admin must"));

    mvc.perform(post("/console/policy/versions/4/approve").with(user("paul")).with(csrf()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString(
            "id=\"refusal\" role=\"alert\">&#39;paul&#39; wrote version 4 and cannot approve it; another policy admin must<")))
        .andExpect(content().string(containsString("id=\"status\">PENDING<")))
        .andExpect(content().string(containsString("You wrote this version")));
  }

  @Test
  void given_paulsPendingVersion_when_petraApprovesIt_then_itIsActive() throws Exception {
    PolicyVersion approved = version(4, LOWER, PolicyVersion.Status.ACTIVE, "paul", "petra");
    when(store.approve(4, "petra")).thenReturn(approved);
    when(store.all()).thenReturn(List.of(approved, version(3, ACTIVE, PolicyVersion.Status.SUPERSEDED, "petra", "paul")));

    mvc.perform(post("/console/policy/versions/4/approve").with(user("petra")).with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Version 4 approved by petra: it is ACTIVE now.")))
        .andExpect(content().string(containsString("id=\"status\">ACTIVE<")))
        .andExpect(content().string(not(containsString("id=\"approve\""))));
    verify(activePolicy).version(4);
  }

  @Test
  void given_aStaleVersion_when_approved_then_409InTheApisWords() throws Exception {
    when(store.approve(4, "petra")).thenThrow(new PolicyChangeRefused(PolicyChangeRefused.Reason.STALE,
        "version 4 was written against version 3, but version 5 is active now"));

    mvc.perform(post("/console/policy/versions/4/approve").with(user("petra")).with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(content().string(containsString("but version 5 is active now")));
  }

  @Test
  void given_aPendingVersion_when_rejectedWithoutAReason_then_422_andWithOne_thenRejected() throws Exception {
    mvc.perform(post("/console/policy/versions/4/reject").with(user("petra")).with(csrf()).param("reason", " "))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().string(containsString("A rejection needs a reason: write why in the reason field.")));
    verify(store, never()).reject(anyLong(), anyString(), anyString());

    PolicyVersion rejected = new PolicyVersion(4, LOWER, "yaml", "paul", WRITTEN, PolicyVersion.Status.REJECTED, 3L,
        "petra", WRITTEN.plusSeconds(60), "too strict", null);
    when(store.reject(4, "petra", "too strict")).thenReturn(rejected);
    when(store.all()).thenReturn(List.of(rejected, V3));
    mvc.perform(post("/console/policy/versions/4/reject").with(user("petra")).with(csrf()).param("reason", "too strict"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"status\">REJECTED<")))
        .andExpect(content().string(containsString("id=\"reject-reason\">too strict<")));
  }

  @Test
  void given_anUnknownVersion_when_opened_then_404() throws Exception {
    mvc.perform(get("/console/policy/versions/99").with(user("paul")))
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("There is no policy version 99.")));
  }
}

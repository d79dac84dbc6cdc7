package com.governedactions.api.policy;

import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.CompiledPolicy;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.SimulationReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(PolicySimulationController.class)
@Import({PolicyCompiler.class, ActionCatalog.class})
class PolicySimulationControllerTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-08T00:00:00Z");
  private static final String ACTIVE = """
      rules:
        - {id: refund-any, when: action.type == "refund", effect: require_confirmation}
      """;

  @Autowired MockMvc mvc;
  @Autowired PolicyCompiler compiler;
  @MockitoBean ActivePolicy activePolicy;
  @MockitoBean PolicySimulator simulator;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("paul-token", "paul", "alice-token", "alice"),
          List.of(
              new PrincipalInfo("paul", true, true, List.of("POLICY_ADMIN")),
              new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"))));
    }
  }

  private CompiledPolicy active;

  @BeforeEach
  void activePolicy() {
    active = compiler.compile(ACTIVE, 4);
    when(activePolicy.current()).thenReturn(active);
  }

  private static MockHttpServletRequestBuilder simulate(String token, String body) {
    return post("/api/v1/policy/simulate")
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }

  @Test
  void given_wildcardContentType_when_simulating_then_415SayingToSendJson() throws Exception {
    mvc.perform(simulate("paul-token", "{}").contentType(MediaType.ALL))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Content-Type: application/json")));
    verifyNoInteractions(simulator);
  }

  @Test
  void given_a_valid_draft_as_an_object_when_simulated_then_the_report_compares_it_with_the_active_policy() throws Exception {
    SimulationReport report = new SimulationReport(FROM, TO, 4, 10, 0, 1,
        List.of(new SimulationReport.Transition("require_confirmation", "deny", 1, Map.of("USD", "600.00"), List.of("a-1"))),
        List.of(new SimulationReport.RuleChanges("refund-cap", 1, List.of())), "note", 12);
    when(simulator.simulate(any(), eq(active), eq(FROM), eq(TO), eq(5))).thenReturn(report);

    mvc.perform(simulate("paul-token", """
            {"policy": {"rules": [{"id": "refund-cap", "when": "action.type == \\"refund\\" && action.amount > 500.0", "effect": "deny"}]},
             "from": "2026-03-01T00:00:00Z", "to": "2026-03-08T00:00:00Z", "examples": 5}
            """))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.baselineVersion").value(4))
        .andExpect(jsonPath("$.changed").value(1))
        .andExpect(jsonPath("$.transitions[0].from").value("require_confirmation"))
        .andExpect(jsonPath("$.transitions[0].to").value("deny"))
        .andExpect(jsonPath("$.transitions[0].amounts.USD").value("600.00"))
        .andExpect(jsonPath("$.rules[0].rule").value("refund-cap"));

    ArgumentCaptor<CompiledPolicy> draft = ArgumentCaptor.forClass(CompiledPolicy.class);
    verify(simulator).simulate(draft.capture(), eq(active), eq(FROM), eq(TO), eq(5));
    org.assertj.core.api.Assertions.assertThat(draft.getValue().ruleIds()).containsExactly("refund-cap");
  }

  @Test
  void given_a_draft_as_yaml_text_when_simulated_then_it_is_compiled_the_same_way() throws Exception {
    when(simulator.simulate(any(), any(), any(), any(), anyInt()))
        .thenReturn(new SimulationReport(FROM, TO, 4, 0, 0, 0, List.of(), List.of(), "note", 1));

    mvc.perform(simulate("paul-token", """
            {"policy": "rules:\\n  - {id: r, when: action.type == \\"refund\\", effect: allow}\\n",
             "from": "2026-03-01T00:00:00Z", "to": "2026-03-08T00:00:00Z"}
            """))
        .andExpect(status().isOk());

    verify(simulator).simulate(any(), eq(active), eq(FROM), eq(TO), eq(PolicySimulationController.DEFAULT_EXAMPLES));
  }

  @Test
  void given_a_draft_with_errors_when_simulated_then_422_names_rule_line_and_column_and_nothing_runs() throws Exception {
    mvc.perform(simulate("paul-token", """
            {"policy": {"rules": [
               {"id": "typo", "when": "action.amout > 5.0", "effect": "deny"},
               {"id": "bad-effect", "when": "action.type == \\"refund\\"", "effect": "maybe"}]},
             "from": "2026-03-01T00:00:00Z", "to": "2026-03-08T00:00:00Z"}
            """))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://governed-actions.dev/problems/invalid-policy"))
        .andExpect(jsonPath("$.problems[0].rule").value("typo"))
        .andExpect(jsonPath("$.problems[0].line").value(1))
        .andExpect(jsonPath("$.problems[0].column").value(7))
        .andExpect(jsonPath("$.problems[1].rule").value("bad-effect"))
        .andExpect(jsonPath("$.problems[1].message", org.hamcrest.Matchers.containsString("unknown effect 'maybe'")));
    verifyNoInteractions(simulator);
  }

  @Test
  void given_no_policy_no_range_and_too_many_examples_when_simulated_then_422_names_every_field() throws Exception {
    mvc.perform(simulate("paul-token", "{\"examples\": 50}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[*].field", hasItem("policy")))
        .andExpect(jsonPath("$.errors[*].field", hasItem("from")))
        .andExpect(jsonPath("$.errors[*].field", hasItem("to")))
        .andExpect(jsonPath("$.errors[*].field", hasItem("examples")));
    verifyNoInteractions(simulator);
  }

  @Test
  void given_a_range_that_ends_before_it_starts_when_simulated_then_422() throws Exception {
    mvc.perform(simulate("paul-token", """
            {"policy": "rules: []", "from": "2026-03-08T00:00:00Z", "to": "2026-03-01T00:00:00Z"}
            """))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("to"));
    verifyNoInteractions(simulator);
  }

  @Test
  void given_a_caller_without_policy_admin_when_simulating_then_403() throws Exception {
    mvc.perform(simulate("alice-token", "{\"policy\": \"rules: []\", \"from\": \"2026-03-01T00:00:00Z\", \"to\": \"2026-03-02T00:00:00Z\"}"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(simulator);
  }

  @Test
  void given_an_unknown_field_when_simulating_then_400() throws Exception {
    mvc.perform(simulate("paul-token", "{\"policy\": \"rules: []\", \"since\": \"2026-03-01T00:00:00Z\"}"))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(simulator);
  }
}

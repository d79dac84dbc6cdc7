package com.governedactions.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyVersionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;

@WebMvcTest(PolicyController.class)
class PolicyControllerTest extends PolicyApiTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String REFUNDS_CONFIRM = """
      rules:
        - id: refunds
          when: action.type == "refund"
          effect: require_confirmation
      permissions:
        refund: {request: [ai, AGENT], approve: [SUPERVISOR, MANAGER]}
      """;

  @TestConfiguration
  static class SingleControl {
    @Bean
    PolicyAdministration policyAdministration(PolicyCompiler compiler, PolicyVersionStore store, PrincipalDirectory directory) {
      return administration(compiler, store, directory, false);
    }
  }

  private long activeVersion() throws Exception {
    String body = mvc.perform(get("paul-token", "/api/v1/policy")).andReturn().getResponse().getContentAsString();
    return JSON.readTree(body).get("version").asLong();
  }

  private int versionCount() {
    return JDBC.sql("SELECT count(*) FROM governed.policy_version").query(Integer.class).single();
  }

  @Test
  void given_a_fresh_store_when_an_admin_reads_the_policy_then_the_file_policy_is_version_1_by_system() throws Exception {
    mvc.perform(get("paul-token", "/api/v1/policy"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(1))
        .andExpect(jsonPath("$.status").value("ACTIVE"))
        .andExpect(jsonPath("$.author").value("system"))
        .andExpect(jsonPath("$.format").value("yaml"))
        .andExpect(jsonPath("$.createdAt").exists())
        .andExpect(jsonPath("$.document", containsString("refund-medium-approval")));
  }

  @Test
  void given_a_supervisor_when_reading_or_changing_the_policy_then_403_and_nothing_changes() throws Exception {
    mvc.perform(get("alice-token", "/api/v1/policy"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail", containsString("POLICY_ADMIN")));
    mvc.perform(put("alice-token", YAML, REFUNDS_CONFIRM)).andExpect(status().isForbidden());
    mvc.perform(get("chat-token", "/api/v1/policy/versions")).andExpect(status().isForbidden());

    assertThat(activeVersion()).isEqualTo(1);
  }

  @Test
  void given_a_valid_yaml_document_when_put_then_it_is_the_active_version_with_its_author() throws Exception {
    mvc.perform(put("paul-token", YAML, REFUNDS_CONFIRM))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.status").value("ACTIVE"))
        .andExpect(jsonPath("$.author").value("paul"))
        .andExpect(jsonPath("$.document").value(REFUNDS_CONFIRM));

    mvc.perform(get("petra-token", "/api/v1/policy"))
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.author").value("paul"))
        .andExpect(jsonPath("$.activatedAt").exists());
  }

  @Test
  void given_a_valid_json_document_when_put_then_it_is_stored_as_json() throws Exception {
    String json = """
        {"rules": [{"id": "refunds", "when": "action.type == \\"refund\\"", "effect": "allow"}]}
        """;
    mvc.perform(put("paul-token", MediaType.APPLICATION_JSON, json))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.format").value("json"))
        .andExpect(jsonPath("$.version").value(2));
  }

  @Test
  void given_a_document_with_every_kind_of_mistake_when_put_then_422_lists_each_with_rule_line_and_column()
      throws Exception {
    String broken = """
        rules:
          - id: syntax
            when: action.type == "refund" &&
            effect: allow
          - id: types
            when: action.amount > "50"
            effect: allow
          - id: misspelled
            when: action.type == "refund" && action.amout > 5.0
            effect: allow
          - id: effect
            when: action.type == "refund"
            effect: aprove
          - id: role
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVSIOR], sla: PT4H}]}
          - id: sla
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: four hours}]}
          - id: type
            when: action.type == "refnd"
            effect: allow
        permissions:
          refnd: {request: [ai]}
        """;

    String body = mvc.perform(put("paul-token", YAML, broken))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-policy"))
        .andExpect(jsonPath("$.detail", containsString("nothing changed")))
        .andReturn().getResponse().getContentAsString();

    JsonNode errors = JSON.readTree(body).get("errors");
    assertThat(errors).hasSize(8);
    assertProblem(errors, "syntax", 3, "when 1:27: mismatched input");
    assertProblem(errors, "types", 6, "found no matching overload for '_>_'");
    assertProblem(errors, "misspelled", 9, "undefined field 'amout'");
    assertProblem(errors, "effect", 13, "unknown effect 'aprove'");
    assertProblem(errors, "role", 17, "unknown role 'SUPERVSIOR'");
    assertProblem(errors, "sla", 21, "'four hours' is not an ISO-8601 duration");
    assertProblem(errors, "type", 23, "\"refnd\", which is not an action type");
    assertProblem(errors, null, 26, "permissions.refnd: unknown action type");
    JsonNode misspelled = find(errors, "misspelled");
    // CEL places a field selection at its dot
    assertThat(misspelled.get("column").asInt()).isEqualTo(broken.lines().toList().get(8).indexOf(".amout") + 1);
    assertThat(activeVersion()).isEqualTo(1);
    assertThat(versionCount()).isEqualTo(1);
  }

  @Test
  void given_an_sla_of_eleven_million_years_and_more_approvers_than_supervisors_when_put_then_422_and_nothing_changes()
      throws Exception {
    String unworkable = """
        rules:
          - id: endless
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: PT99999999999H}]}
          - id: crowd
            when: action.type == "refund"
            effect: require_approval
            approval:
              tiers: [{roles: [SUPERVISOR, MANAGER], sla: PT4H}]
              approvers: 3
        """;

    String body = mvc.perform(put("paul-token", YAML, unworkable))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-policy"))
        .andReturn().getResponse().getContentAsString();

    JsonNode errors = JSON.readTree(body).get("errors");
    assertThat(errors).hasSize(2);
    assertProblem(errors, "endless", 5, "sla must be at most P365D");
    // alice holds SUPERVISOR and maria MANAGER in this directory: two people for three approvals
    assertProblem(errors, "crowd", 11, "approval.approvers is 3, but only 2 people hold the roles [SUPERVISOR, MANAGER]");
    assertThat(find(errors, "crowd").get("path").asText()).isEqualTo("rules[1].approval.approvers");
    assertThat(versionCount()).isEqualTo(1);
  }

  private static JsonNode find(JsonNode errors, String rule) {
    for (JsonNode e : errors) {
      if (rule == null ? e.get("rule").isNull() : rule.equals(e.get("rule").asText())) {
        return e;
      }
    }
    throw new AssertionError("no problem for rule " + rule + " in " + errors);
  }

  private static void assertProblem(JsonNode errors, String rule, int line, String detail) {
    JsonNode problem = find(errors, rule);
    assertThat(problem.get("line").asInt()).as("line of %s", rule).isEqualTo(line);
    assertThat(problem.get("column").asInt()).as("column of %s", rule).isPositive();
    assertThat(problem.get("path").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).contains(detail);
  }

  @Test
  void given_a_document_with_control_characters_when_put_then_422_and_nothing_changes() throws Exception {
    String nulInYaml = REFUNDS_CONFIRM.replaceFirst("\n", "\u0000\n");
    String nulInJsonString = "{\"rules\": [{\"id\": \"r\\u0000\", \"when\": \"true\", \"effect\": \"allow\"}]}";

    mvc.perform(put("paul-token", YAML, nulInYaml)).andExpect(status().isUnprocessableEntity());
    mvc.perform(put("paul-token", MediaType.APPLICATION_JSON, nulInJsonString)).andExpect(status().isUnprocessableEntity());

    mvc.perform(get("paul-token", "/api/v1/policy/versions")).andExpect(jsonPath("$.length()").value(1));
  }

  @Test
  void given_a_body_that_is_not_what_its_content_type_says_when_put_then_it_is_refused_and_nothing_changes()
      throws Exception {
    mvc.perform(put("paul-token", MediaType.TEXT_PLAIN, REFUNDS_CONFIRM))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail", containsString("application/yaml")));
    mvc.perform(put("paul-token", MediaType.APPLICATION_JSON, REFUNDS_CONFIRM))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].line").value(1))
        .andExpect(jsonPath("$.errors[0].detail", containsString("not valid JSON")));
    mvc.perform(put("paul-token", YAML, "  "))
        .andExpect(status().isBadRequest());
    mvc.perform(put("paul-token", YAML, "rules:\n  - id: a\n    when: [unclosed\n"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors", hasSize(1)));

    assertThat(versionCount()).isEqualTo(1);
  }

  @Test
  void given_two_versions_when_listed_then_each_says_who_when_and_a_unified_diff_against_its_predecessor()
      throws Exception {
    mvc.perform(put("paul-token", YAML, REFUNDS_CONFIRM)).andExpect(status().isOk());
    mvc.perform(put("petra-token", YAML, REFUNDS_CONFIRM.replace("effect: require_confirmation", "effect: allow")))
        .andExpect(status().isOk());

    mvc.perform(get("paul-token", "/api/v1/policy/versions"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(3)))
        .andExpect(jsonPath("$[0].version").value(3))
        .andExpect(jsonPath("$[0].status").value("ACTIVE"))
        .andExpect(jsonPath("$[0].author").value("petra"))
        .andExpect(jsonPath("$[0].createdAt").exists())
        .andExpect(jsonPath("$[0].diffAgainst").value(2))
        .andExpect(jsonPath("$[0].diff").value(
            """
            --- policy v2
            +++ policy v3
            @@ -1,6 +1,6 @@
             rules:
               - id: refunds
                 when: action.type == "refund"
            -    effect: require_confirmation
            +    effect: allow
             permissions:
               refund: {request: [ai, AGENT], approve: [SUPERVISOR, MANAGER]}
            """))
        .andExpect(jsonPath("$[1].version").value(2))
        .andExpect(jsonPath("$[1].status").value("SUPERSEDED"))
        .andExpect(jsonPath("$[1].author").value("paul"))
        .andExpect(jsonPath("$[1].diff", containsString("+  - id: refunds\n")))
        .andExpect(jsonPath("$[1].diff", containsString("-  - id: refund-medium-approval\n")))
        .andExpect(jsonPath("$[2].version").value(1))
        .andExpect(jsonPath("$[2].author").value("system"))
        .andExpect(jsonPath("$[2].diffAgainst").doesNotExist());
  }

  @Test
  void given_concurrent_puts_when_all_succeed_then_versions_are_distinct_and_exactly_one_is_active() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> versions = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        String document = REFUNDS_CONFIRM.replace("id: refunds", "id: refunds-" + i);
        String token = i % 2 == 0 ? "paul-token" : "petra-token";
        Callable<Long> call = () -> {
          go.await();
          String body = mvc.perform(put(token, YAML, document))
              .andReturn().getResponse().getContentAsString();
          return JSON.readTree(body).get("version").asLong();
        };
        versions.add(pool.submit(call));
      }
      go.countDown();
      List<Long> numbers = new ArrayList<>();
      for (Future<Long> v : versions) {
        numbers.add(v.get());
      }
      assertThat(numbers).doesNotHaveDuplicates().containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    } finally {
      pool.shutdownNow();
    }
    mvc.perform(get("paul-token", "/api/v1/policy/versions"))
        .andExpect(jsonPath("$[?(@.status == 'ACTIVE')]", hasSize(1)))
        .andExpect(jsonPath("$[?(@.status == 'ACTIVE')].version", hasItem(9)));
  }

  @Test
  void given_dual_control_off_when_a_version_is_approved_then_409_since_none_is_pending() throws Exception {
    mvc.perform(put("paul-token", YAML, REFUNDS_CONFIRM)).andExpect(status().isOk());

    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/approve"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "policy-version-not-pending"));
    mvc.perform(get("paul-token", "/api/v1/policy/versions/99"))
        .andExpect(status().isNotFound());
  }
}

package com.governedactions.api.policy;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyVersionStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;

/** governed.policy.dual-control=true: a new version waits for a second policy admin. */
@WebMvcTest(PolicyController.class)
class PolicyDualControlTest extends PolicyApiTestSupport {

  @TestConfiguration
  static class DualControl {
    @Bean
    PolicyAdministration policyAdministration(PolicyCompiler compiler, PolicyVersionStore store, PrincipalDirectory directory) {
      return administration(compiler, store, directory, true);
    }
  }

  @Test
  void given_dual_control_when_paul_puts_a_version_then_it_is_pending_and_the_old_one_stays_active() throws Exception {
    mvc.perform(put("paul-token", YAML, PolicyControllerTest.REFUNDS_CONFIRM))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.status").value("PENDING"))
        .andExpect(jsonPath("$.activatedAt").doesNotExist());

    mvc.perform(get("paul-token", "/api/v1/policy")).andExpect(jsonPath("$.version").value(1));
  }

  @Test
  void given_a_pending_version_when_its_author_approves_then_403_and_when_another_admin_does_then_it_is_active()
      throws Exception {
    mvc.perform(put("paul-token", YAML, PolicyControllerTest.REFUNDS_CONFIRM)).andExpect(status().isAccepted());

    mvc.perform(post("paul-token", "/api/v1/policy/versions/2/approve"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail", containsString("'paul' wrote version 2 and cannot approve it")));
    mvc.perform(get("paul-token", "/api/v1/policy")).andExpect(jsonPath("$.version").value(1));
    mvc.perform(post("alice-token", "/api/v1/policy/versions/2/approve")).andExpect(status().isForbidden());

    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/approve"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ACTIVE"))
        .andExpect(jsonPath("$.approvedBy").value("petra"));

    mvc.perform(get("paul-token", "/api/v1/policy"))
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.author").value("paul"))
        .andExpect(jsonPath("$.approvedBy").value("petra"));
    mvc.perform(get("paul-token", "/api/v1/policy/versions"))
        .andExpect(jsonPath("$[0].decidedBy").value("petra"))
        .andExpect(jsonPath("$[1].status").value("SUPERSEDED"));
  }

  @Test
  void given_a_pending_version_when_rejected_with_a_reason_then_it_never_activates() throws Exception {
    mvc.perform(put("paul-token", YAML, PolicyControllerTest.REFUNDS_CONFIRM)).andExpect(status().isAccepted());

    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/reject").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("reason"));
    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/reject")
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"drops the approval tiers\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("REJECTED"));

    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/approve"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "policy-version-not-pending"));
    mvc.perform(get("paul-token", "/api/v1/policy/versions"))
        .andExpect(jsonPath("$[0].status").value("REJECTED"))
        .andExpect(jsonPath("$[0].decidedBy").value("petra"))
        .andExpect(jsonPath("$[0].reason").value("drops the approval tiers"));
    mvc.perform(get("paul-token", "/api/v1/policy")).andExpect(jsonPath("$.version").value(1));
  }

  @Test
  void given_a_pending_version_when_rejected_with_a_nul_in_the_reason_then_422_and_it_stays_pending() throws Exception {
    mvc.perform(put("paul-token", YAML, PolicyControllerTest.REFUNDS_CONFIRM)).andExpect(status().isAccepted());

    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/reject")
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"too lax\\u0000\"}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.errors[0].field").value("reason"));

    mvc.perform(get("paul-token", "/api/v1/policy/versions")).andExpect(jsonPath("$[0].status").value("PENDING"));
  }

  @Test
  void given_a_wildcard_content_type_when_the_policy_is_put_then_415_saying_yaml_or_json() throws Exception {
    mvc.perform(put("paul-token", MediaType.ALL, PolicyControllerTest.REFUNDS_CONFIRM))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Content-Type: application/yaml")));

    mvc.perform(get("paul-token", "/api/v1/policy/versions")).andExpect(jsonPath("$.length()").value(1));
  }

  @Test
  void given_two_pending_versions_when_the_second_is_approved_after_the_first_then_409_stale() throws Exception {
    mvc.perform(put("paul-token", YAML, PolicyControllerTest.REFUNDS_CONFIRM)).andExpect(status().isAccepted());
    mvc.perform(put("paul-token", YAML, PolicyControllerTest.REFUNDS_CONFIRM.replace("require_confirmation", "allow")))
        .andExpect(status().isAccepted());
    mvc.perform(post("petra-token", "/api/v1/policy/versions/2/approve")).andExpect(status().isOk());

    mvc.perform(post("petra-token", "/api/v1/policy/versions/3/approve"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "policy-version-stale"));
    mvc.perform(get("paul-token", "/api/v1/policy")).andExpect(jsonPath("$.version").value(2));
  }

  @Test
  void given_dual_control_when_an_invalid_version_is_put_then_422_and_nothing_is_pending() throws Exception {
    mvc.perform(put("paul-token", YAML, "rules: [{id: r, when: action.amout > 1.0, effect: allow}]"))
        .andExpect(status().isUnprocessableEntity());

    mvc.perform(get("paul-token", "/api/v1/policy/versions")).andExpect(jsonPath("$.length()").value(1));
  }
}

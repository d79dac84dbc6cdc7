package com.governedactions.api.audit;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.audit.AuditVerification;
import com.governedactions.audit.AuditVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AuditVerifyController.class)
@Import(AuditPrincipals.class)
class AuditVerifyControllerTest {
  @Autowired MockMvc mvc;
  @MockitoBean AuditVerifier verifier;

  @Test
  void given_intactTrail_when_operatorVerifies_then_okWithTheCountAndNothingElse() throws Exception {
    when(verifier.verify()).thenReturn(new AuditVerification(true, 42, null));

    mvc.perform(get("/api/v1/audit/verify").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(content().json("{\"ok\": true, \"checked\": 42}", true));
  }

  @Test
  void given_brokenEvent_when_operatorVerifies_then_theFirstBrokenEventAndWhy() throws Exception {
    when(verifier.verify()).thenReturn(new AuditVerification(false, 7,
        new AuditVerification.Broken("action-a", 3, 1234L, "hash does not match the event's content")));

    mvc.perform(get("/api/v1/audit/verify").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.ok").value(false))
        .andExpect(jsonPath("$.checked").value(7))
        .andExpect(jsonPath("$.broken.actionId").value("action-a"))
        .andExpect(jsonPath("$.broken.seq").value(3))
        .andExpect(jsonPath("$.broken.id").value(1234))
        .andExpect(jsonPath("$.broken.reason").value("hash does not match the event's content"));
  }

  @Test
  void given_supervisor_when_verifying_then_403AndNoVerification() throws Exception {
    mvc.perform(get("/api/v1/audit/verify").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("OPERATOR")));
    verifyNoInteractions(verifier);
  }
}

package com.governedactions.api.reversal;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ReversalController.class)
class ReversalControllerTest {
  private static final String PROBLEMS = "https://governed-actions.dev/problems/";

  @Autowired MockMvc mvc;
  @MockitoBean ReversalService reversals;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("maria-token", "maria"), List.of(new PrincipalInfo("maria", true, true, List.of("MANAGER"))));
    }
  }

  @Test
  void given_nulInTheReason_when_reversing_then_422NamingTheReasonAndNothingStarted() throws Exception {
    mvc.perform(post("/api/v1/actions/action-conv-81-msg-12/reverse").header("Authorization", "Bearer maria-token")
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"customer\\u0000 asked\"}"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
        .andExpect(jsonPath("$.errors[0].field").value("reason"));
    verifyNoInteractions(reversals);
  }

  @Test
  void given_wildcardContentType_when_reversing_then_415SayingToSendJson() throws Exception {
    mvc.perform(post("/api/v1/actions/action-conv-81-msg-12/reverse").header("Authorization", "Bearer maria-token")
            .contentType(MediaType.ALL).content("{\"reason\": \"customer asked\"}"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Content-Type: application/json")));
    verifyNoInteractions(reversals);
  }
}

package com.governedactions.api.approval;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.ApprovalClaim;
import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.ClaimResult;
import com.governedactions.directory.PrincipalDirectory;
import java.time.Instant;
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

@WebMvcTest(ApprovalClaimController.class)
class ApprovalClaimControllerTest {
  private static final String ACTION_ID = "action-conv-81-msg-12";
  private static final String URL = "/api/v1/approvals/" + ACTION_ID + "/claim";
  private static final Instant AT = Instant.parse("2026-12-04T10:01:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean ApprovalClaimRepository claims;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("alice-token", "alice", "maria-token", "maria", "olivia-token", "olivia"),
          List.of(
              new PrincipalInfo("alice", true, true, List.of("SUPERVISOR")),
              new PrincipalInfo("maria", true, true, List.of("MANAGER")),
              new PrincipalInfo("olivia", true, true, List.of("OPERATOR"))));
    }
  }

  @Test
  void given_aSupervisor_when_claiming_then_theClaimIsAnswered() throws Exception {
    when(claims.claim(ACTION_ID, "alice")).thenReturn(
        new ClaimResult(ClaimResult.Outcome.CLAIMED, new ApprovalClaim(ACTION_ID, "alice", AT)));

    mvc.perform(post(URL).header("Authorization", "Bearer alice-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.actionId").value(ACTION_ID))
        .andExpect(jsonPath("$.claimedBy").value("alice"))
        .andExpect(jsonPath("$.claimedAt").value("2026-12-04T10:01:00Z"));
  }

  @Test
  void given_anItemClaimedByBob_when_aliceClaims_then_409ProblemNamingBob() throws Exception {
    when(claims.claim(ACTION_ID, "alice")).thenReturn(
        new ClaimResult(ClaimResult.Outcome.HELD_BY_OTHER, new ApprovalClaim(ACTION_ID, "bob", AT)));

    mvc.perform(post(URL).header("Authorization", "Bearer alice-token"))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://governed-actions.dev/problems/claim-held"))
        .andExpect(jsonPath("$.claimedBy").value("bob"))
        .andExpect(jsonPath("$.detail").value(
            "Action " + ACTION_ID + " is claimed by bob since 2026-12-04T10:01:00Z: only they, or a MANAGER, may"
                + " release it."));
  }

  @Test
  void given_aDecidedAction_when_claimed_then_409NotAwaitingApproval() throws Exception {
    when(claims.claim(ACTION_ID, "alice")).thenReturn(new ClaimResult(ClaimResult.Outcome.NOT_PENDING, null));

    mvc.perform(post(URL).header("Authorization", "Bearer alice-token"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://governed-actions.dev/problems/not-awaiting-approval"));
  }

  @Test
  void given_aClaimByBob_when_aliceReleasesIt_then_409_but_aManagerReleasesAnyClaim() throws Exception {
    when(claims.unclaim(ACTION_ID, "alice", false)).thenReturn(
        new ClaimResult(ClaimResult.Outcome.HELD_BY_OTHER, new ApprovalClaim(ACTION_ID, "bob", AT)));
    when(claims.unclaim(ACTION_ID, "maria", true)).thenReturn(new ClaimResult(ClaimResult.Outcome.RELEASED, null));

    mvc.perform(delete(URL).header("Authorization", "Bearer alice-token"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.claimedBy").value("bob"));
    mvc.perform(delete(URL).header("Authorization", "Bearer maria-token"))
        .andExpect(status().isNoContent());
    verify(claims).unclaim(ACTION_ID, "maria", true);
  }

  @Test
  void given_anOperator_when_claiming_then_403_and_nothingIsClaimed() throws Exception {
    mvc.perform(post(URL).header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(claims);
  }
}

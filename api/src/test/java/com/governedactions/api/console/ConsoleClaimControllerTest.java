package com.governedactions.api.console;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
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
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ConsoleClaimController.class)
class ConsoleClaimControllerTest {
  private static final String ACTION_ID = "action-conv-81-msg-12";
  private static final Instant AT = Instant.parse("2026-12-04T10:01:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean ApprovalClaimRepository claims;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("alice", true, true, List.of("SUPERVISOR")),
          new PrincipalInfo("maria", true, true, List.of("MANAGER")),
          new PrincipalInfo("sam", true, true, List.of("AGENT"))));
    }
  }

  @Test
  void given_aClaimWithoutCsrfToken_when_posted_then_403_and_nothingIsClaimed() throws Exception {
    mvc.perform(post("/console/actions/" + ACTION_ID + "/claim").with(user("alice")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(claims);
  }

  @Test
  void given_aSupervisor_when_claimingFromAFilteredInbox_then_claimed_and_backToTheSameFilter() throws Exception {
    when(claims.claim(ACTION_ID, "alice")).thenReturn(new ClaimResult(ClaimResult.Outcome.CLAIMED,
        new ApprovalClaim(ACTION_ID, "alice", AT)));

    mvc.perform(post("/console/actions/" + ACTION_ID + "/claim").param("type", "refund").param("mine", "true")
            .with(user("alice")).with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/?type=refund&mine=true"))
        .andExpect(flash().attribute("notice", "Claimed: you are working on it."));
    verify(claims).claim(ACTION_ID, "alice");
  }

  @Test
  void given_anItemClaimedByBob_when_aliceClaims_then_toldBobHoldsIt() throws Exception {
    when(claims.claim(ACTION_ID, "alice")).thenReturn(new ClaimResult(ClaimResult.Outcome.HELD_BY_OTHER,
        new ApprovalClaim(ACTION_ID, "bob", AT)));

    mvc.perform(post("/console/actions/" + ACTION_ID + "/claim").param("from", "action")
            .with(user("alice")).with(csrf()))
        .andExpect(redirectedUrl("/console/actions/" + ACTION_ID))
        .andExpect(flash().attribute("refusal",
            "Claimed by bob since 2026-12-04T10:01:00Z: only they (or a MANAGER) may release it."));
  }

  @Test
  void given_aSupervisor_when_unclaiming_then_onlyTheirOwnClaimIsReleased() throws Exception {
    when(claims.unclaim(ACTION_ID, "alice", false)).thenReturn(new ClaimResult(ClaimResult.Outcome.RELEASED, null));

    mvc.perform(post("/console/actions/" + ACTION_ID + "/unclaim").with(user("alice")).with(csrf()))
        .andExpect(redirectedUrl("/"))
        .andExpect(flash().attribute("notice", "Released: anyone may claim it now."));
    verify(claims).unclaim(ACTION_ID, "alice", false);
  }

  @Test
  void given_aManager_when_releasingSomeoneElsesClaim_then_releasedAsAnyHolder() throws Exception {
    when(claims.unclaim(ACTION_ID, "maria", true)).thenReturn(new ClaimResult(ClaimResult.Outcome.RELEASED, null));

    mvc.perform(post("/console/actions/" + ACTION_ID + "/unclaim").with(user("maria")).with(csrf()))
        .andExpect(flash().attribute("notice", "Released: anyone may claim it now."));
    verify(claims).unclaim(ACTION_ID, "maria", true);
  }

  @Test
  void given_anAgent_when_claiming_then_403_and_nothingIsClaimed() throws Exception {
    mvc.perform(post("/console/actions/" + ACTION_ID + "/claim").with(user("sam")).with(csrf()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString("Claiming needs one of the roles [SUPERVISOR, MANAGER]")));
    verifyNoInteractions(claims);
  }
}

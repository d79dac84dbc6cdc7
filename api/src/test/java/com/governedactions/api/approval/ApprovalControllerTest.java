package com.governedactions.api.approval;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.ApprovalQueuePage;
import com.governedactions.audit.ApprovalQueueRepository;
import com.governedactions.audit.PendingApproval;
import com.governedactions.directory.PrincipalDirectory;
import java.math.BigDecimal;
import java.time.Duration;
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

@WebMvcTest(ApprovalController.class)
class ApprovalControllerTest {
  private static final String PROBLEMS = "https://governed-actions.dev/problems/";

  @Autowired MockMvc mvc;
  @MockitoBean ApprovalQueueRepository queue;

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

  private static PendingApproval breachedRefund() {
    Instant created = Instant.parse("2026-03-01T09:00:00Z");
    return new PendingApproval("action-r-1", "refund", "support-bot", "C-42", "conv-81", new BigDecimal("89.50"),
        "USD", created, 1, 2, List.of("SUPERVISOR"), 1, List.of(), created.plus(Duration.ofHours(4)),
        Duration.ZERO, true);
  }

  @Test
  void given_supervisor_when_listingWithoutRole_then_queueOfTheirOwnRolesWithSlaFields() throws Exception {
    when(queue.pending(any(), anyInt(), any())).thenReturn(new ApprovalQueuePage(List.of(breachedRefund()), "next"));

    mvc.perform(get("/api/v1/approvals?status=pending").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].actionId").value("action-r-1"))
        .andExpect(jsonPath("$.items[0].tier").value(1))
        .andExpect(jsonPath("$.items[0].roles[0]").value("SUPERVISOR"))
        .andExpect(jsonPath("$.items[0].deadline").value("2026-03-01T13:00:00Z"))
        .andExpect(jsonPath("$.items[0].timeLeft").value("PT0S"))
        .andExpect(jsonPath("$.items[0].breached").value(true))
        .andExpect(jsonPath("$.items[0].amount").value("89.50"))
        .andExpect(jsonPath("$.nextCursor").value("next"));
    verify(queue).pending(List.of("SUPERVISOR"), ApprovalController.DEFAULT_LIMIT, null);
  }

  @Test
  void given_roleParameter_when_listing_then_thatTiersQueue() throws Exception {
    when(queue.pending(any(), anyInt(), any())).thenReturn(new ApprovalQueuePage(List.of(), null));

    mvc.perform(get("/api/v1/approvals?status=pending&role=MANAGER,SUPERVISOR&limit=10&cursor=abc")
            .header("Authorization", "Bearer alice-token"))
        .andExpect(status().isOk());

    verify(queue).pending(List.of("MANAGER", "SUPERVISOR"), 10, "abc");
  }

  @Test
  void given_noStatus_when_listing_then_pendingIsTheDefault() throws Exception {
    when(queue.pending(any(), anyInt(), isNull())).thenReturn(new ApprovalQueuePage(List.of(), null));

    mvc.perform(get("/api/v1/approvals").header("Authorization", "Bearer maria-token")).andExpect(status().isOk());

    verify(queue).pending(eq(List.of("MANAGER")), anyInt(), isNull());
  }

  @Test
  void given_operator_when_listing_then_403() throws Exception {
    mvc.perform(get("/api/v1/approvals?status=pending").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "forbidden"));
    verifyNoInteractions(queue);
  }

  @Test
  void given_badParameters_when_listing_then_400NamingEachAndNothingRead() throws Exception {
    mvc.perform(get("/api/v1/approvals?status=done&role=not a role&limit=0&colour=red")
            .header("Authorization", "Bearer alice-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-query-parameter"))
        .andExpect(jsonPath("$.errors[?(@.field == 'status')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field == 'role')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field == 'limit')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field == 'colour')]").exists());
    verifyNoInteractions(queue);
  }

  @Test
  void given_roleNoPrincipalHolds_when_listing_then_400NamingTheRolesThatExist() throws Exception {
    mvc.perform(get("/api/v1/approvals?role=ROOT").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value(PROBLEMS + "bad-query-parameter"))
        .andExpect(jsonPath("$.errors[0].field").value("role"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("'ROOT'")))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("MANAGER, OPERATOR, SUPERVISOR")));
    verifyNoInteractions(queue);
  }

  @Test
  void given_roleInLowercase_when_listing_then_400() throws Exception {
    mvc.perform(get("/api/v1/approvals?role=manager").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("role"));
    verifyNoInteractions(queue);
  }

  @Test
  void given_statusNotSpelledAsDocumented_when_listing_then_400() throws Exception {
    mvc.perform(get("/api/v1/approvals?status=PENDING").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("status"))
        .andExpect(jsonPath("$.errors[0].detail").value(containsString("status=pending")));
    verifyNoInteractions(queue);
  }

  @Test
  void given_blankLimitOrCursor_when_listing_then_400NamingEach() throws Exception {
    mvc.perform(get("/api/v1/approvals?limit=&cursor=").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[?(@.field == 'limit')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field == 'cursor')]").exists());
    verifyNoInteractions(queue);
  }

  @Test
  void given_cursorTheRepositoryRefuses_when_listing_then_400OnTheCursor() throws Exception {
    when(queue.pending(any(), anyInt(), eq("junk"))).thenThrow(new IllegalArgumentException("cursor is not valid"));

    mvc.perform(get("/api/v1/approvals?cursor=junk").header("Authorization", "Bearer alice-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
  }
}

package com.governedactions.api.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.HumanInput;
import com.governedactions.action.InputOutcome;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.SecurityConfiguration;
import com.governedactions.api.action.ActionService;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.audit.ApprovalClaim;
import com.governedactions.audit.ApprovalClaimRepository;
import com.governedactions.audit.AuditVerification;
import com.governedactions.directory.PrincipalDirectory;
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

@WebMvcTest(ConsoleController.class)
class ConsoleControllerTest {
  private static final String ACTION_ID = "action-conv-81-msg-12";
  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Autowired MockMvc mvc;
  @MockitoBean Inbox inbox;
  @MockitoBean ActionService actions;
  @MockitoBean ActionListRepository list;
  @MockitoBean ActionTrail trails;
  @MockitoBean ApprovalClaimRepository claims;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("alice", true, true, List.of("SUPERVISOR")),
          new PrincipalInfo("sam", true, true, List.of("AGENT"))));
    }
  }

  @BeforeEach
  void anAwaitingAction() {
    ActionState state = new ActionState(ACTION_ID, "conv-81-msg-12", ActionStatus.AWAITING_APPROVAL, "refund",
        Map.of("amount", "89.50", "reason", XSS), null, null, "conv-81", "chat", null, null, null, null,
        Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T10:00:00Z"), "hash", "chat-backend");
    when(actions.state(ACTION_ID)).thenReturn(state);
    when(list.findById(anyString())).thenReturn(Optional.empty());
    when(trails.of(anyString(), any(), any())).thenReturn(List.of());
  }

  @Test
  void given_noSession_when_theInboxIsOpened_then_redirectedToSignIn() throws Exception {
    mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
    verifyNoInteractions(inbox);
  }

  @Test
  void given_aBearerToken_when_theConsoleIsOpened_then_itSignsNobodyIn() throws Exception {
    mvc.perform(get("/").header("Authorization", "Bearer alice-token"))
        .andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
  }

  @Test
  void given_aSupervisor_when_theInboxIsOpened_then_itsRowsShowEscaped_underAContentSecurityPolicy() throws Exception {
    when(inbox.rows(eq(List.of("SUPERVISOR")), any(), eq("alice"))).thenReturn(List.of(new InboxRow(ACTION_ID, "refund",
        new BigDecimal("89.50"), "USD", "C-42", "support-bot", "ai", 1, 2, List.of("SUPERVISOR"), 1, List.of(),
        "2026-12-04T10:05:00Z", new Countdown(Duration.ofSeconds(30), 0.1, true, false), List.of("refund-over-50"),
        XSS)));

    mvc.perform(get("/").with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY))
        .andExpect(content().string(containsString("hx-trigger=\"every 5s\"")))
        .andExpect(content().string(containsString("sla-near")))
        .andExpect(content().string(containsString("&lt;img src=x onerror=alert(1)&gt;")))
        .andExpect(content().string(not(containsString(XSS))));
  }

  @Test
  void given_anAgent_when_theInboxRowsArePolled_then_403_and_nothingIsRead() throws Exception {
    mvc.perform(get("/console/inbox").with(user("sam").roles("AGENT")))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString("needs one of the roles [SUPERVISOR, MANAGER]")));
    verifyNoInteractions(inbox);
  }

  @Test
  void given_anApproveWithoutCsrfToken_when_posted_then_403_and_nothingIsDecided() throws Exception {
    mvc.perform(post("/console/actions/" + ACTION_ID + "/approve").with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(actions);
  }

  @Test
  void given_aSupervisor_when_approving_then_theApiServiceDecides_and_thePageReloads() throws Exception {
    ActionState state = actions.state(ACTION_ID);
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.accepted(state));

    mvc.perform(post("/console/actions/" + ACTION_ID + "/approve").param("comment", "ok")
            .with(user("alice").roles("SUPERVISOR")).with(csrf()))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/console/actions/" + ACTION_ID));
    verify(actions).decide(ACTION_ID, new HumanInput(HumanInput.Kind.APPROVE, "alice", "ok"));
  }

  @Test
  void given_theWorkflowRefuses_when_approving_then_itsWordsAreShownInline() throws Exception {
    when(actions.decide(eq(ACTION_ID), any())).thenReturn(InputOutcome.refused(InputOutcome.Refusal.FORBIDDEN,
        "alice requested this action and may not approve it", null));

    mvc.perform(post("/console/actions/" + ACTION_ID + "/approve")
            .with(user("alice").roles("SUPERVISOR")).with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("alice requested this action and may not approve it")));
  }

  @Test
  void given_aRejectWithoutReason_when_posted_then_askedForOne_and_nothingIsDecided() throws Exception {
    mvc.perform(post("/console/actions/" + ACTION_ID + "/reject").param("reason", " ")
            .with(user("alice").roles("SUPERVISOR")).with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("A rejection needs a reason")));
    verify(actions, org.mockito.Mockito.never()).decide(any(), any());
  }

  @Test
  void given_theActionPage_when_opened_then_parametersAreEscaped_and_theRunIsLinked() throws Exception {
    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("&lt;img src=x onerror=alert(1)&gt;")))
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString(
            "http://localhost:8233/namespaces/default/workflows/" + ACTION_ID)));
  }

  @Test
  void given_anActionsChain_when_itsPageIsOpened_then_theVerificationOfItsOwnChainIsShown() throws Exception {
    when(trails.verification(ACTION_ID)).thenReturn(new AuditVerification(true, 5, null));
    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Hash chain verified: <span>5</span> events")))
        .andExpect(content().string(not(containsString("Hash chain broken"))));

    when(trails.verification(ACTION_ID)).thenReturn(new AuditVerification(false, 2, new AuditVerification.Broken(
        ACTION_ID, 3, 42L, "hash does not match the event's content: the event was edited")));
    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Hash chain broken at seq <span>3</span>")))
        .andExpect(content().string(containsString("hash does not match the event&#39;s content")))
        .andExpect(content().string(not(containsString("Hash chain verified"))));
    verify(trails, org.mockito.Mockito.times(2)).verification(ACTION_ID);
  }

  @Test
  void given_aConfirmedAction_when_itsPageIsOpened_then_theReceiptShowsWithItsOutcome_and_theTextHashMatches()
      throws Exception {
    String text = "Refund USD 89.50 to order A-1001?";
    ConsentReceipt receipt = receipt(text).confirmed(Instant.parse("2026-12-04T10:01:30Z"), "chat-backend");
    when(actions.state(ACTION_ID)).thenReturn(awaitingApproval(new ActionState.ConfirmationView(
        text, Instant.parse("2026-12-04T10:15:00Z"), "confirmed")));
    when(actions.findConsent(ACTION_ID)).thenReturn(Optional.of(receipt));

    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Consent receipt")))
        .andExpect(content().string(containsString(">receipt-1<")))
        .andExpect(content().string(containsString(">" + ConsentReceipt.sha256(text) + "<")))
        .andExpect(content().string(containsString("class=\"ok\">matches the text shown")))
        .andExpect(content().string(not(containsString("does not match"))))
        .andExpect(content().string(containsString(">CONFIRMED<")))
        .andExpect(content().string(containsString("2026-12-04T10:01:30Z")))
        .andExpect(content().string(containsString(">chat-backend<")))
        .andExpect(content().string(containsString("2026-12-04T10:00:01Z")))
        .andExpect(content().string(containsString(">params-sha<")))
        .andExpect(content().string(containsString("id=\"consent-policy-version\">7<")));
    verify(actions).findConsent(ACTION_ID);
  }

  @Test
  void given_aReceiptWhoseHashIsNotTheShownTexts_when_thePageIsOpened_then_itSaysItDoesNotMatch() throws Exception {
    ConsentReceipt issued = receipt("Refund USD 89.50 to order A-1001?");
    ConsentReceipt forged = new ConsentReceipt(issued.receiptId(), issued.actionId(), issued.text(),
        ConsentReceipt.sha256("Refund USD 8.95 to order A-1001?"), issued.language(), issued.channel(),
        issued.conversationId(), issued.customerId(), issued.paramsHash(), issued.policyVersion(), issued.issuedAt(),
        issued.expiresAt(), issued.state(), null, null, null, null, issued.agreedTo());
    when(actions.state(ACTION_ID)).thenReturn(awaitingApproval(new ActionState.ConfirmationView(
        issued.text(), issued.expiresAt(), null)));
    when(actions.findConsent(ACTION_ID)).thenReturn(Optional.of(forged));

    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("class=\"bad\">does not match")))
        .andExpect(content().string(not(containsString("matches the text shown"))))
        .andExpect(content().string(containsString(">ISSUED<")));
  }

  @Test
  void given_anActionThatNeverAskedTheCustomer_when_itsPageIsOpened_then_noReceiptIsAskedFor() throws Exception {
    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(not(containsString("Consent receipt"))));
    verify(actions, org.mockito.Mockito.never()).findConsent(any());
  }

  @Test
  void given_aQuestionAskedBeforeReceiptsExisted_when_itsPageIsOpened_then_itSaysThereIsNone() throws Exception {
    when(actions.state(ACTION_ID)).thenReturn(awaitingApproval(new ActionState.ConfirmationView(
        "Refund USD 89.50 to order A-1001?", Instant.parse("2026-12-04T10:15:00Z"), "confirmed")));
    when(actions.findConsent(ACTION_ID)).thenReturn(Optional.empty());

    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("No consent receipt")));
  }

  @Test
  void given_anAgent_when_anActionPageIsOpened_then_403() throws Exception {
    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("sam").roles("AGENT")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(actions);
  }

  private static InboxRow row(String id, String type, String amount, boolean breached, String claimedBy) {
    return new InboxRow(id, type, new BigDecimal(amount), "USD", "C-42", "support-bot", "ai", 1, 2,
        List.of("SUPERVISOR"), 1, List.of(), "2026-12-04T10:05:00Z",
        new Countdown(breached ? Duration.ZERO : Duration.ofMinutes(30), breached ? 0 : 0.5, breached, breached),
        List.of("refund-over-50"), "damaged", claimedBy);
  }

  private void theQueueHolds(InboxRow... rows) {
    when(inbox.rows(eq(List.of("SUPERVISOR")), any(), eq("alice"))).thenReturn(List.of(rows));
  }

  @Test
  void given_aTypeAndAmountRange_when_theInboxIsOpened_then_onlyMatchingRows_and_thePollKeepsTheFilter()
      throws Exception {
    theQueueHolds(row("a-small-refund", "refund", "20.00", false, null), row("a-big-refund", "refund", "900.00", false, null),
        row("a-mid-refund", "refund", "89.50", false, null), row("a-mid-credit", "credit", "89.50", false, null));

    mvc.perform(get("/").param("type", "Refund").param("min", "50").param("max", "100.00")
            .with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("a-mid-refund")))
        .andExpect(content().string(not(containsString("a-small-refund"))))
        .andExpect(content().string(not(containsString("a-big-refund"))))
        .andExpect(content().string(not(containsString("a-mid-credit"))))
        .andExpect(content().string(containsString("hx-get=\"/console/inbox?type=Refund&amp;min=50&amp;max=100.00\"")))
        .andExpect(content().string(containsString("value=\"Refund\"")));
  }

  @Test
  void given_thePolledFragment_when_filteredBreachedOnly_then_onlyBreachedRows() throws Exception {
    theQueueHolds(row("a-late", "refund", "20.00", true, null), row("a-early", "refund", "20.00", false, null));

    mvc.perform(get("/console/inbox").param("breached", "true").with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("a-late")))
        .andExpect(content().string(not(containsString("a-early"))));
  }

  @Test
  void given_claimedRows_when_filteredClaimedByMe_then_onlyMine_and_othersShowTheirHolder() throws Exception {
    theQueueHolds(row("a-mine", "refund", "20.00", false, "alice"), row("a-bobs", "refund", "20.00", false, "bob"),
        row("a-free", "refund", "20.00", false, null));

    mvc.perform(get("/").with(user("alice").roles("SUPERVISOR")))
        .andExpect(content().string(containsString("claimed by me")))
        .andExpect(content().string(containsString("claimed by bob")))
        .andExpect(content().string(containsString("/console/actions/a-free/claim")))
        .andExpect(content().string(containsString("/console/actions/a-mine/unclaim")))
        .andExpect(content().string(not(containsString("/console/actions/a-bobs/unclaim"))));
    mvc.perform(get("/").param("mine", "true").with(user("alice").roles("SUPERVISOR")))
        .andExpect(content().string(containsString("a-mine")))
        .andExpect(content().string(not(containsString("a-bobs"))))
        .andExpect(content().string(not(containsString("a-free"))))
        .andExpect(content().string(containsString("<input type=\"hidden\" name=\"mine\" value=\"true\"")));
  }

  @Test
  void given_anAmountThatIsNotANumber_when_theInboxIsOpened_then_theProblemIsShown_and_nothingIsListedOrRead()
      throws Exception {
    mvc.perform(get("/").param("min", "12,5O").with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Minimum amount &#39;12,5O&#39; is not a number")))
        .andExpect(content().string(containsString("Fix the filter to see the list.")));
    mvc.perform(get("/console/inbox").param("min", "100").param("max", "10").with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Fix the filter to see the list.")));
    verifyNoInteractions(inbox);
  }

  @Test
  void given_rejectPresets_when_theActionPageIsOpened_then_eachIsAButtonFillingTheStillRequiredReason()
      throws Exception {
    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString(
            "<button type=\"button\" class=\"preset\" data-reason=\"Suspected fraud\">Suspected fraud</button>")))
        .andExpect(content().string(containsString("data-reason=\"Duplicate request\"")))
        .andExpect(content().string(containsString("<input id=\"reason\" name=\"reason\" maxlength=\"2000\" required>")))
        .andExpect(content().string(containsString("Nobody has claimed this action.")));
  }

  @Test
  void given_anActionClaimedByBob_when_alicOpensIt_then_sheSeesWhoHoldsIt_and_mayStillDecide() throws Exception {
    when(claims.holder(ACTION_ID)).thenReturn(Optional.of(
        new ApprovalClaim(ACTION_ID, "bob", Instant.parse("2026-12-04T10:01:00Z"))));

    mvc.perform(get("/console/actions/" + ACTION_ID).with(user("alice").roles("SUPERVISOR")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Claimed by bob since 2026-12-04T10:01:00Z.")))
        .andExpect(content().string(not(containsString("id=\"claim-button\""))))
        .andExpect(content().string(containsString("id=\"approve\"")));
  }

  private static ActionState awaitingApproval(ActionState.ConfirmationView confirmation) {
    return new ActionState(ACTION_ID, "conv-81-msg-12", ActionStatus.AWAITING_APPROVAL, "refund",
        Map.of("amount", "89.50", "orderId", "A-1001"), null, null, "conv-81", "chat", null, confirmation, null, null,
        Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T10:01:30Z"), "hash", "chat-backend");
  }

  private static ConsentReceipt receipt(String text) {
    ActionRequest request = new ActionRequest("conv-81-msg-12", "refund",
        Map.of("amount", "89.50", "currency", "USD", "orderId", "A-1001"), null, null, "conv-81", "chat", "chat-backend");
    return ConsentReceipt.issue("receipt-1", ACTION_ID, request, text, "params-sha", 7,
        Instant.parse("2026-12-04T10:00:01Z"), Instant.parse("2026-12-04T10:15:01Z"));
  }
}

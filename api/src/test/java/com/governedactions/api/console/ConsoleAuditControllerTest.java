package com.governedactions.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.AuditCsvExporter;
import com.governedactions.audit.AuditPage;
import com.governedactions.audit.AuditQuery;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.AuditSearchRepository;
import com.governedactions.audit.AuditVerification;
import com.governedactions.audit.AuditVerifier;
import com.governedactions.directory.PrincipalDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ConsoleAuditController.class)
class ConsoleAuditControllerTest {
  private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
  private static final String XSS = "\"><script>alert(1)</script>";

  @Autowired MockMvc mvc;
  @MockitoBean AuditSearchRepository search;
  @MockitoBean AuditCsvExporter exporter;
  @MockitoBean AuditVerifier verifier;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
          new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"))));
    }
  }

  @Test
  void given_noSession_when_theAuditPageIsOpened_then_redirectedToSignIn() throws Exception {
    mvc.perform(get("/console/audit")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
    verifyNoInteractions(search);
  }

  @Test
  void given_anOperator_when_searchingByTypeAndEvent_then_theApiFilter_escapedRows_andLinksThatKeepTheFilter()
      throws Exception {
    when(search.search(any())).thenReturn(new AuditPage(List.of(event("action-conv-81-msg-12", XSS)), "cur-2"));

    mvc.perform(get("/console/audit").with(user("olivia"))
            .param("actionType", "refund").param("event", "APPROVED").param("status", "").param("actor", ""))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("action-conv-81-msg-12")))
        .andExpect(content().string(containsString("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")))
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString(
            "href=\"/console/audit?actionType=refund&amp;event=APPROVED&amp;cursor=cur-2\"")))
        .andExpect(content().string(containsString(
            "href=\"/console/audit/export.csv?actionType=refund&amp;event=APPROVED\"")));

    ArgumentCaptor<AuditQuery> query = ArgumentCaptor.forClass(AuditQuery.class);
    verify(search).search(query.capture());
    assertThat(query.getValue()).isEqualTo(
        new AuditQuery(null, AuditEventType.APPROVED, null, null, null, "refund", null, null, 50, null));
  }

  @Test
  void given_aWindowEndingBeforeItStarts_when_searched_then_400NamingTheField_andNothingIsSearched() throws Exception {
    mvc.perform(get("/console/audit").with(user("olivia"))
            .param("from", "2026-12-05T00:00:00Z").param("to", "2026-12-04T00:00:00Z").param("statu", "DENIED"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("must be later than &#39;from&#39;")))
        .andExpect(content().string(containsString("unknown parameter; allowed:")))
        .andExpect(content().string(containsString("Nothing was searched.")));
    verifyNoInteractions(search);
  }

  @Test
  void given_aSupervisor_when_theAuditPageOrItsExportIsOpened_then_403_andNothingIsRead() throws Exception {
    mvc.perform(get("/console/audit").with(user("alice")))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString("needs the role OPERATOR; &#39;alice&#39; has [SUPERVISOR]")));
    mvc.perform(get("/console/audit/export.csv").with(user("alice"))).andExpect(status().isForbidden());
    mvc.perform(get("/console/audit/verify").with(user("alice"))).andExpect(status().isForbidden());
    verifyNoInteractions(search, exporter, verifier);
  }

  @Test
  void given_anOperatorsSession_when_exporting_then_theCsvOfTheSameFilterStreams() throws Exception {
    ArgumentCaptor<AuditQuery> query = ArgumentCaptor.forClass(AuditQuery.class);
    when(exporter.prepare(query.capture())).thenReturn(out -> {
      out.write("id,action_id\n1,action-1\n".getBytes(StandardCharsets.UTF_8));
      return 1;
    });

    mvc.perform(get("/console/audit/export.csv").with(user("olivia")).param("status", "SUCCEEDED").param("from", ""))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Disposition", "attachment; filename=\"audit.csv\""))
        .andExpect(content().contentTypeCompatibleWith("text/csv"))
        .andExpect(content().string("id,action_id\n1,action-1\n"));
    assertThat(query.getValue().status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(query.getValue().limit()).as("an export without a limit is every row").isZero();
  }

  @Test
  void given_aBrokenChain_when_verified_then_thePageNamesTheFirstBrokenEvent() throws Exception {
    when(verifier.verify()).thenReturn(new AuditVerification(false, 41,
        new AuditVerification.Broken("action-conv-9", 3, 42L, "hash does not match the event's content")));

    mvc.perform(get("/console/audit/verify").with(user("olivia")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"chain-broken\"")))
        .andExpect(content().string(containsString("action-conv-9")))
        .andExpect(content().string(containsString("hash does not match the event&#39;s content")));
  }

  private static AuditRecord event(String actionId, String detail) {
    return new AuditRecord(1, actionId, 3, AT, AT, "APPROVED", "refund", "AWAITING_APPROVAL", "support-bot", "alice",
        "conv-81", "C-42", "{}", null, null, null, 3L, List.of("refund-over-50"), detail, null, null, null);
  }
}

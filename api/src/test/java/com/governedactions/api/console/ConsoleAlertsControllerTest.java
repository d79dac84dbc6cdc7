package com.governedactions.api.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.alert.Alert;
import com.governedactions.audit.alert.AlertKind;
import com.governedactions.audit.alert.AlertPage;
import com.governedactions.audit.alert.AlertStore;
import com.governedactions.directory.PrincipalDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ConsoleAlertsController.class)
class ConsoleAlertsControllerTest {
  private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");
  private static final String XSS = "\"><script>alert(1)</script>";

  @Autowired MockMvc mvc;
  @MockitoBean AlertStore alerts;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
          new PrincipalInfo("alice", true, true, List.of("SUPERVISOR")),
          new PrincipalInfo("maria", true, true, List.of("MANAGER")),
          new PrincipalInfo("pat", true, true, List.of("POLICY_ADMIN"))));
    }
  }

  @Test
  void given_noSession_when_theAlertsPageIsOpened_then_redirectedToSignIn() throws Exception {
    mvc.perform(get("/console/alerts")).andExpect(status().is3xxRedirection());
    verifyNoInteractions(alerts);
  }

  @Test
  void given_anOperator_when_filteringByKind_then_theStoreGetsTheKind_rowsAreEscaped_linkedToTheirActions_andNextKeepsTheFilter()
      throws Exception {
    when(alerts.list(AlertKind.REPEATED_DENIALS, 50, null)).thenReturn(new AlertPage(List.of(
        new Alert(7, AlertKind.REPEATED_DENIALS, AT, "conversation:conv-81", "refund", "3 denials " + XSS,
            Map.of("count", 3, "note", XSS), List.of("action-conv-81-msg-1", "action-conv-81-msg-2"), "alert-7")),
        "cur-2"));

    mvc.perform(get("/console/alerts").with(user("olivia")).param("kind", "REPEATED_DENIALS").param("limit", ""))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"alert-7\"")))
        .andExpect(content().string(containsString("2026-12-04T10:00:00Z")))
        .andExpect(content().string(containsString("conversation:conv-81")))
        .andExpect(content().string(containsString("href=\"/console/actions/action-conv-81-msg-2\"")))
        .andExpect(content().string(containsString("3 denials &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")))
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString("href=\"/console/alerts?kind=REPEATED_DENIALS&amp;cursor=cur-2\"")));
    verify(alerts).list(AlertKind.REPEATED_DENIALS, 50, null);
  }

  @Test
  void given_aSupervisorAndAManager_when_readingTheNextPage_then_theCursorAndLimitArePassed() throws Exception {
    when(alerts.list(null, 10, "cur-2")).thenReturn(new AlertPage(List.of(), null));

    mvc.perform(get("/console/alerts").with(user("alice")).param("limit", "10").param("cursor", "cur-2"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("No alert.")))
        .andExpect(content().string(not(containsString("id=\"next-page\""))));
    mvc.perform(get("/console/alerts").with(user("maria")).param("limit", "10").param("cursor", "cur-2"))
        .andExpect(status().isOk());
    verify(alerts, org.mockito.Mockito.times(2)).list(null, 10, "cur-2");
  }

  @Test
  void given_anAlertLinkingManyActions_when_shown_then_theFirstFiveAreLinked_andTheRestCounted() throws Exception {
    List<String> ids = IntStream.rangeClosed(1, 8).mapToObj(i -> "action-" + i).toList();
    when(alerts.list(null, 50, null)).thenReturn(new AlertPage(List.of(
        new Alert(8, AlertKind.SPLIT_REFUNDS, AT, "customer:C-42", "refund", "split", Map.of(), ids, "alert-8")), null));

    mvc.perform(get("/console/alerts").with(user("olivia")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("href=\"/console/actions/action-5\"")))
        .andExpect(content().string(not(containsString("href=\"/console/actions/action-6\""))))
        .andExpect(content().string(containsString("and 3 more")));
  }

  @Test
  void given_anUnknownKindAndABadLimit_when_listed_then_400NamingBoth_andNothingIsListed() throws Exception {
    mvc.perform(get("/console/alerts").with(user("olivia")).param("kind", "fast_approval").param("limit", "0"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("&#39;fast_approval&#39; is not allowed")))
        .andExpect(content().string(containsString("must be a whole number from 1 to 200")))
        .andExpect(content().string(containsString("Nothing was listed.")));
    verifyNoInteractions(alerts);
  }

  @Test
  void given_aCursorTheStoreCannotRead_when_listed_then_400NamingTheCursor() throws Exception {
    when(alerts.list(any(), anyInt(), any())).thenThrow(new IllegalArgumentException("bad cursor"));

    mvc.perform(get("/console/alerts").with(user("olivia")).param("cursor", "garbage"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("The cursor is not one this API returned")));
  }

  @Test
  void given_aPolicyAdmin_when_theAlertsPageIsOpened_then_403_andNothingIsListed() throws Exception {
    mvc.perform(get("/console/alerts").with(user("pat")))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString(
            "needs one of the roles [OPERATOR, SUPERVISOR, MANAGER]; &#39;pat&#39; has [POLICY_ADMIN]")));
    verifyNoInteractions(alerts);
  }
}

package com.governedactions.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.Overview;
import com.governedactions.audit.OverviewRepository;
import com.governedactions.directory.PrincipalDirectory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
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

@WebMvcTest(ConsoleOverviewController.class)
class ConsoleOverviewControllerTest {
  private static final Instant DAY = Instant.parse("2026-12-03T00:00:00Z");
  private static final Instant NEXT = Instant.parse("2026-12-04T00:00:00Z");
  private static final String XSS = "\"><script>alert(1)</script>";

  @Autowired MockMvc mvc;
  @MockitoBean OverviewRepository overviews;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of(), List.of(
          new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
          new PrincipalInfo("maria", true, true, List.of("MANAGER")),
          new PrincipalInfo("pat", true, true, List.of("POLICY_ADMIN"))));
    }
  }

  @Test
  void given_aManager_when_aPastDayIsOpened_then_thatUtcDayIsRead_andItsNumbersShown_escaped() throws Exception {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    byStatus.put("SUCCEEDED", 7L);
    byStatus.put("AWAITING_APPROVAL", 2L);
    when(overviews.overview(eq(DAY), eq(NEXT), any())).thenReturn(new Overview(DAY, NEXT, byStatus, 3, 1,
        List.of(new Overview.Decider("alice", 5, 1), new Overview.Decider(XSS, 1, 0)), 6, 249.4));

    mvc.perform(get("/console/overview").with(user("maria")).param("day", "2026-12-03"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("<span>2026-12-03</span>")))
        .andExpect(content().string(containsString("id=\"created\">9<")))
        .andExpect(content().string(containsString("id=\"sla-breaches\" class=\"breached\">3<")))
        .andExpect(content().string(containsString("id=\"overdue-now\" class=\"breached\">1<")))
        .andExpect(content().string(containsString("id=\"decided\">6<")))
        .andExpect(content().string(containsString("id=\"median-to-decision\">4m 09s<")))
        .andExpect(content().string(containsString("data-status=\"AWAITING_APPROVAL\"")))
        .andExpect(content().string(containsString("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")))
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString("href=\"/console/overview?day=2026-12-02\"")))
        .andExpect(content().string(containsString("href=\"/console/overview?day=2026-12-04\"")));
  }

  @Test
  void given_anOperator_when_theOverviewIsOpenedWithoutADay_then_todayUtcUpToNow_withNoMedianWhenNothingWasDecided()
      throws Exception {
    ArgumentCaptor<Instant> from = ArgumentCaptor.forClass(Instant.class);
    ArgumentCaptor<Instant> now = ArgumentCaptor.forClass(Instant.class);
    when(overviews.overview(from.capture(), any(), now.capture())).thenAnswer(call -> new Overview(
        call.getArgument(0), call.getArgument(1), Map.of(), 0, 0, List.of(), 0, null));
    Instant before = Instant.now();

    mvc.perform(get("/console/overview").with(user("olivia")).param("day", ""))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"median-to-decision\">—<")))
        .andExpect(content().string(containsString("No action was requested.")))
        .andExpect(content().string(not(containsString("id=\"next-day\""))));

    assertThat(from.getValue()).isEqualTo(LocalDate.ofInstant(now.getValue(), ZoneOffset.UTC)
        .atStartOfDay(ZoneOffset.UTC).toInstant());
    assertThat(now.getValue()).isBetween(before, Instant.now());
  }

  @Test
  void given_aDayThatIsNoDate_orInTheFuture_when_opened_then_400NamingDay_andNothingIsRead() throws Exception {
    mvc.perform(get("/console/overview").with(user("olivia")).param("day", "yesterday"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("must be a date such as 2026-12-04, was &#39;yesterday&#39;")));
    mvc.perform(get("/console/overview").with(user("olivia")).param("day", "2999-01-01"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("must not be after today")));
    mvc.perform(get("/console/overview").with(user("olivia")).param("days", "1"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("unknown parameter; allowed: day")));
    verifyNoInteractions(overviews);
  }

  @Test
  void given_aPolicyAdmin_when_theOverviewIsOpened_then_403_andNothingIsRead() throws Exception {
    mvc.perform(get("/console/overview").with(user("pat")))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString(
            "needs one of the roles [OPERATOR, SUPERVISOR, MANAGER]; &#39;pat&#39; has [POLICY_ADMIN]")));
    verifyNoInteractions(overviews);
  }

  @Test
  void given_durations_when_written_then_hoursMinutesSeconds() {
    assertThat(ConsoleOverviewController.duration(null)).isEqualTo("—");
    assertThat(ConsoleOverviewController.duration(9.4)).isEqualTo("9s");
    assertThat(ConsoleOverviewController.duration(249.0)).isEqualTo("4m 09s");
    assertThat(ConsoleOverviewController.duration(3849.0)).isEqualTo("1h 04m 09s");
  }
}

package com.governedactions.api.console;

import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.api.ApiProblem;
import com.governedactions.api.FieldProblem;
import com.governedactions.api.PageQuery;
import com.governedactions.audit.Overview;
import com.governedactions.audit.OverviewRepository;
import com.governedactions.directory.PrincipalDirectory;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview: one UTC day (today unless {@code day=} names another) in numbers: actions created
 * by status, SLA breaches, approvals still waiting past their deadline, approvals and rejections per
 * person, and the median time from request to decision.
 */
@Controller
class ConsoleOverviewController {
  private static final Set<String> KNOWN = Set.of("day");

  private final PrincipalDirectory directory;
  private final OverviewRepository overviews;
  private final Clock clock = Clock.systemUTC();

  ConsoleOverviewController(PrincipalDirectory directory, OverviewRepository overviews) {
    this.directory = directory;
    this.overviews = overviews;
  }

  @GetMapping("/console/overview")
  String page(@RequestParam MultiValueMap<String, String> query, Authentication signedIn, Model model,
      HttpServletResponse response) {
    PrincipalInfo me = directory.byId(signedIn.getName());
    model.addAttribute("me", me);
    ConsoleForms.requireAny(me, "The overview", ConsoleAlertsController.READERS);
    MultiValueMap<String, String> filter = ConsoleForms.filled(query);
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    try {
      List<FieldProblem> problems = new ArrayList<>();
      PageQuery.checkNames(filter, KNOWN, Set.of(), problems);
      LocalDate day = day(filter.getFirst("day"), today, problems);
      PageQuery.requireNoProblems(problems);
      Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      model.addAttribute("day", day);
      model.addAttribute("today", day.equals(today));
      model.addAttribute("previousDay", day.minusDays(1));
      model.addAttribute("nextDay", day.isBefore(today) ? day.plusDays(1) : null);
      Overview overview = overviews.overview(from, from.plus(Duration.ofDays(1)), now);
      model.addAttribute("overview", overview);
      model.addAttribute("medianToDecision", duration(overview.medianSecondsToDecision()));
    } catch (ApiProblem problem) {
      ConsoleForms.refuse(problem, model, response);
    }
    return "console/overview";
  }

  /** "1h 04m 09s", "4m 09s", "9s"; "—" when nothing was decided. */
  static String duration(Double seconds) {
    if (seconds == null) {
      return "—";
    }
    long total = Math.round(seconds);
    long h = total / 3600;
    long m = total % 3600 / 60;
    long s = total % 60;
    return h > 0 ? String.format("%dh %02dm %02ds", h, m, s) : m > 0 ? String.format("%dm %02ds", m, s) : s + "s";
  }

  private static LocalDate day(String value, LocalDate today, List<FieldProblem> problems) {
    if (value == null) {
      return today;
    }
    try {
      LocalDate day = LocalDate.parse(value);
      if (day.isAfter(today)) {
        problems.add(new FieldProblem("day", "must not be after today (" + today + ", UTC), was '" + value + "'"));
      }
      return day;
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem("day", "must be a date such as 2026-12-04, was '" + value + "'"));
      return today;
    }
  }
}

package com.governedactions.audit.alert;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the unusual-activity alerts ({@code governed.alerts.*}). Windows are ISO-8601
 * durations; each windowed finding is raised at most once per subject and window period.
 *
 * @param enabled run the detectors in this process
 * @param interval how often the detectors run
 * @param lookback how far back beyond its window each run looks, so a run missed (a restart, a
 *     slow database) is caught up by the next
 */
@ConfigurationProperties("governed.alerts")
public record AlertProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("PT1M") Duration interval,
    @DefaultValue("PT6H") Duration lookback,
    @DefaultValue Rate rate,
    @DefaultValue RubberStamp rubberStamp,
    @DefaultValue Denials denials,
    @DefaultValue SplitRefunds splitRefunds) {

  /**
   * An actor or customer far above its usual rate of one action type: at least {@code minCount}
   * within {@code window}, and at least {@code factor} times its usual count per window, measured
   * over the {@code baseline} that ends where a run's scan begins (no history counts as 1 per
   * window).
   */
  public record Rate(
      @DefaultValue("PT1H") Duration window,
      @DefaultValue("P7D") Duration baseline,
      @DefaultValue("5") double factor,
      @DefaultValue("10") int minCount) {}

  /**
   * Approvals that look unreviewed: one decided less than {@code minReview} after it was asked
   * for; or one approver with at least {@code approvals} approvals and no rejection within
   * {@code window}.
   */
  public record RubberStamp(
      @DefaultValue("PT5S") Duration minReview,
      @DefaultValue("20") int approvals,
      @DefaultValue("P1D") Duration window) {}

  /** At least {@code count} denied requests in one conversation within {@code window}. */
  public record Denials(@DefaultValue("3") int count, @DefaultValue("PT1H") Duration window) {}

  /**
   * At least {@code minCount} refunds for one customer, in one currency, within {@code window},
   * each at most {@code threshold} (major units, as the policy compares amounts) and together more.
   */
  public record SplitRefunds(
      @DefaultValue("50.00") BigDecimal threshold,
      @DefaultValue("2") int minCount,
      @DefaultValue("P1D") Duration window) {}

  public static AlertProperties defaults() {
    return new AlertProperties(
        true, Duration.ofMinutes(1), Duration.ofHours(6),
        new Rate(Duration.ofHours(1), Duration.ofDays(7), 5, 10),
        new RubberStamp(Duration.ofSeconds(5), 20, Duration.ofDays(1)),
        new Denials(3, Duration.ofHours(1)),
        new SplitRefunds(new BigDecimal("50.00"), 2, Duration.ofDays(1)));
  }
}

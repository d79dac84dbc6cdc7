package com.governedactions.api.console;

import java.time.Duration;
import java.time.Instant;

/**
 * An SLA's state at one instant: time left, the share of the window left, and whether it is near
 * breach (under 20% left) or breached. The window runs from when the current tier was asked until
 * its deadline.
 */
record Countdown(Duration left, double shareLeft, boolean nearBreach, boolean breached) {
  static final double NEAR_BREACH = 0.20;

  static Countdown of(Instant windowStart, Instant deadline, Instant now) {
    if (deadline == null) {
      return new Countdown(null, 1.0, false, false);
    }
    Duration left = Duration.between(now, deadline);
    if (left.isNegative() || left.isZero()) {
      return new Countdown(Duration.ZERO, 0.0, true, true);
    }
    Duration window = windowStart == null || !windowStart.isBefore(deadline) ? left : Duration.between(windowStart, deadline);
    double share = Math.min(1.0, (double) left.toMillis() / Math.max(1, window.toMillis()));
    return new Countdown(left, share, share < NEAR_BREACH, false);
  }

  /** "1h 04m 09s", "4m 09s", "9s"; "breached" once none is left; "—" without a deadline. */
  public String text() {
    if (left == null) {
      return "—";
    }
    if (breached) {
      return "breached";
    }
    long seconds = left.toSeconds();
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    return h > 0 ? String.format("%dh %02dm %02ds", h, m, s) : m > 0 ? String.format("%dm %02ds", m, s) : s + "s";
  }

  /** The CSS class of the row: {@code sla-ok}, {@code sla-near} (red) or {@code sla-breached}. */
  public String level() {
    return breached ? "sla-breached" : nearBreach ? "sla-near" : "sla-ok";
  }
}

package com.governedactions.autonomy;

import java.util.Arrays;

/**
 * Confidence bounds for proportions from small samples. A plain rate lies when n is small (3 of 3
 * approved is not "always approved"); the Wilson score interval stays honest down to n = 1, and
 * for events that have not happened at all the rule of three gives the 95 % upper bound 3/n.
 */
final class Bounds {
  /** The two-sided 95 % normal quantile. */
  static final double Z95 = 1.959964;

  private Bounds() {}

  /** Wilson score lower bound of {@code successes / n} at 95 %; 0 when n is 0. */
  static double wilsonLower(long successes, long n) {
    return wilson(successes, n, -1);
  }

  /** Wilson score upper bound of {@code successes / n} at 95 %; 1 when n is 0. */
  static double wilsonUpper(long successes, long n) {
    return n == 0 ? 1 : wilson(successes, n, +1);
  }

  /**
   * Upper bound of a rare event's rate: the rule of three (3/n, capped at 1) when none happened,
   * else the Wilson upper bound; 1 when n is 0 (nothing is known).
   */
  static double rareUpper(long events, long n) {
    if (n == 0) {
      return 1;
    }
    return events == 0 ? Math.min(1, 3.0 / n) : wilsonUpper(events, n);
  }

  private static double wilson(long successes, long n, int sign) {
    if (n == 0) {
      return 0;
    }
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException("successes must be within 0.." + n + ", was " + successes);
    }
    double p = (double) successes / n;
    double z2 = Z95 * Z95;
    double centre = p + z2 / (2 * n);
    double spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double bound = (centre + sign * spread) / (1 + z2 / n);
    return Math.max(0, Math.min(1, bound));
  }

  /** The median of {@code values} (the mean of the middle two for an even count); null when empty. */
  static Double median(double... values) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}

package com.governedactions.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The outcome of one closed-loop phase.
 *
 * @param latencyNanos per call index; {@link #FAILED} where the call failed
 * @param errorSamples the first few failures, described
 * @param cpu CPU used per call during the phase; null where it could not be measured
 */
record Phase(
    String kind,
    String round,
    int concurrency,
    long[] latencyNanos,
    long wallNanos,
    int errors,
    List<String> errorSamples,
    CpuMeter.Use cpu) {

  static final long FAILED = -1;

  Phase withCpu(CpuMeter.Use use) {
    return new Phase(kind, round, concurrency, latencyNanos, wallNanos, errors, errorSamples, use);
  }

  int calls() {
    return latencyNanos.length;
  }

  int succeeded() {
    return calls() - errors;
  }

  /** Successful calls per second of wall time. */
  double throughput() {
    return succeeded() / (wallNanos / 1e9);
  }

  double p50Millis() {
    return percentileMillis(0.50);
  }

  double p99Millis() {
    return percentileMillis(0.99);
  }

  double maxMillis() {
    return percentileMillis(1.0);
  }

  /** Nearest-rank percentile over the successful calls; NaN when none succeeded. */
  double percentileMillis(double p) {
    long[] ok = Arrays.stream(latencyNanos).filter(l -> l != FAILED).sorted().toArray();
    if (ok.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * ok.length);
    return ok[Math.max(0, Math.min(ok.length, rank) - 1)] / 1e6;
  }
}

package com.governedactions.bench;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The results as Markdown tables: readable in a terminal and pasted as-is into BENCHMARKS.md. */
final class Report {
  static final String TRIVIAL = "trivial";
  static final String GOVERNED = "governed";
  static final String REST = "POST /actions";
  static final String TRIVIAL_AT_HTTP = "trivial (REST's concurrency)";
  static final String SAME_REFUND = "same refund, bare workflow";
  static final String TRIVIAL_AT_HTTP_WIDE = "trivial (REST's wider concurrency)";
  static final String REST_WIDE = "POST /actions, wider concurrency";
  static final String UNLOADED = "unloaded";

  /** Targets from issue 14: P1, P2 and CPU. */
  static final double THROUGHPUT_TARGET = 0.8;
  static final double POST_P99_TARGET = 1.5;
  static final double CPU_TARGET = 1.25;

  private final BenchConfig config;
  private final String runId;
  private final double loadAtStart;
  private final List<Phase> unloaded;
  private final List<Phase> phases;
  private final List<String> backgroundFailures;
  private final List<HistoryPhases.Breakdown> breakdowns;
  private final Map<String, double[]> unloadedTimers;
  private final Map<String, double[]> serviceTimers;
  private final StringBuilder out = new StringBuilder();

  Report(BenchConfig config, String runId, double loadAtStart, List<Phase> unloaded, List<Phase> phases, List<String> backgroundFailures,
      List<HistoryPhases.Breakdown> breakdowns, Map<String, double[]> unloadedTimers,
      Map<String, double[]> serviceTimers) {
    this.config = config;
    this.runId = runId;
    this.loadAtStart = loadAtStart;
    this.unloaded = unloaded;
    this.phases = phases;
    this.backgroundFailures = backgroundFailures;
    this.breakdowns = breakdowns;
    this.unloadedTimers = unloadedTimers;
    this.serviceTimers = serviceTimers;
  }

  boolean clean() {
    return backgroundFailures.isEmpty()
        && phases.stream().allMatch(p -> p.errors() == 0)
        && unloaded.stream().allMatch(p -> p.errors() == 0);
  }

  String render() {
    line("## Core benchmark, run %s (%s)", runId,
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    line("");
    line("N=%d per kind per round, %d rounds, %d workflows in flight (trivial and governed), %d HTTP"
            + " clients x %d POSTs per round, warm-up %d per kind.", config.n(), config.rounds(),
        config.concurrency(), config.httpConcurrency(), config.httpN(), config.warmup());
    line("Trivial worker: %s.", config.trivialPollers() == 0
        ? "SDK default pollers, like the service's worker"
        : config.trivialPollers() + " workflow and " + config.trivialPollers() + " activity task pollers");
    line("");
    line("Machine: %d CPUs seen by the JVM, %s %s; load average %.2f at the start, %.2f at the end.",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), loadAtStart,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    line("");
    rounds();
    medians();
    targets();
    unloaded();
    cpu();
    errors();
    for (HistoryPhases.Breakdown breakdown : breakdowns) {
      breakdown(breakdown);
    }
    if (!unloaded.isEmpty()) {
      timers("Inside the service during the one-at-a-time calls", unloadedTimers);
    }
    timers("Inside the service during the measured rounds", serviceTimers);
    return out.toString();
  }

  private void rounds() {
    line("### Each round (latency = start -> result; for POST /actions: request -> 201)");
    line("");
    line("| round | kind | in flight | ok | errors | throughput /s | p50 ms | p99 ms | max ms |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Phase p : phases) {
      line("| %s | %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |", p.round(), p.kind(), p.concurrency(),
          p.succeeded(), p.errors(), p.throughput(), p.p50Millis(), p.p99Millis(), p.maxMillis());
    }
    line("");
  }

  private void medians() {
    line("### Median over the %d rounds", config.rounds());
    line("");
    line("| kind | throughput /s | p50 ms | p99 ms |");
    line("|---|---:|---:|---:|");
    for (String kind : kinds()) {
      line("| %s | %.1f | %.1f | %.1f |", kind, median(kind, Phase::throughput), median(kind, Phase::p50Millis),
          median(kind, Phase::p99Millis));
    }
    line("");
  }

  private void targets() {
    double p1 = median(GOVERNED, Phase::throughput) / median(SAME_REFUND, Phase::throughput);
    line("### Against the targets (issue 14)");
    line("");
    line("| measure | value | target | verdict |");
    line("|---|---:|---:|---|");
    line("| P1 governed / same-refund workflow throughput | %.2f | >= %.1f | %s |", p1, THROUGHPUT_TARGET,
        p1 >= THROUGHPUT_TARGET ? "met" : "MISSED");
    postP99(REST, TRIVIAL_AT_HTTP, config.httpConcurrency());
    if (config.httpConcurrencyWide() > 0) {
      postP99(REST_WIDE, TRIVIAL_AT_HTTP_WIDE, config.httpConcurrencyWide());
    }
    if (phases.stream().noneMatch(p -> p.cpu() == null)) {
      double process = median(GOVERNED, Report::processMs) / median(SAME_REFUND, Report::processMs);
      line("| CPU per action (service + bench JVM) governed / same refund | %.2f | <= %.2f | %s |", process, CPU_TARGET,
          process <= CPU_TARGET ? "met" : "MISSED");
      line("| CPU per action, whole machine, governed / same refund | %.2f | | |",
          median(GOVERNED, Report::machineMs) / median(SAME_REFUND, Report::machineMs));
    }
    line("| governed / trivial throughput (context) | %.2f | | |",
        median(GOVERNED, Phase::throughput) / median(TRIVIAL, Phase::throughput));
    line("| same refund / trivial throughput (context) | %.2f | | |",
        median(SAME_REFUND, Phase::throughput) / median(TRIVIAL, Phase::throughput));
    line("| POST /actions p50 / trivial p50 at the same concurrency (%d) | %.2f | | |", config.httpConcurrency(),
        median(REST, Phase::p50Millis) / median(TRIVIAL_AT_HTTP, Phase::p50Millis));
    line("| governed / same-refund p50 latency | %.2f | | |",
        median(GOVERNED, Phase::p50Millis) / median(SAME_REFUND, Phase::p50Millis));
    line("| governed / same-refund p99 latency | %.2f | | |",
        median(GOVERNED, Phase::p99Millis) / median(SAME_REFUND, Phase::p99Millis));
    line("");
    line("Per round, governed / same-refund throughput: %s", perRoundRatios());
    line("");
  }

  private void postP99(String rest, String trivial, int concurrency) {
    double ratio = median(rest, Phase::p99Millis) / median(trivial, Phase::p99Millis);
    line("| P2 POST /actions p99 / no-op workflow p99, both at C=%d | %.2f | <= %.1f | %s |", concurrency, ratio,
        POST_P99_TARGET, ratio <= POST_P99_TARGET ? "met" : "MISSED");
  }

  /** CPU of the two processes that do the work: the service (and embedded engine) and this JVM. */
  private static double processMs(Phase phase) {
    return phase.cpu().serviceMs() + phase.cpu().benchMs();
  }

  private static double machineMs(Phase phase) {
    CpuMeter.Use use = phase.cpu();
    return use.serviceMs() + use.benchMs() + use.postgresMs() + use.otherMs();
  }

  /** The kinds measured, in the order the rounds run them. */
  private List<String> kinds() {
    return phases.stream().map(Phase::kind).distinct().toList();
  }

  private String perRoundRatios() {
    StringBuilder ratios = new StringBuilder();
    for (int r = 1; r <= config.rounds(); r++) {
      String round = String.valueOf(r);
      double g = phase(GOVERNED, round).throughput();
      double t = phase(SAME_REFUND, round).throughput();
      ratios.append(r == 1 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", g / t));
    }
    return ratios.toString();
  }

  private void unloaded() {
    if (unloaded.isEmpty()) {
      return;
    }
    line("### One at a time (no queueing), after the warm-up");
    line("");
    line("| kind | calls | errors | p50 ms | p99 ms | max ms |");
    line("|---|---:|---:|---:|---:|---:|");
    for (Phase p : unloaded) {
      line("| %s | %d | %d | %.1f | %.1f | %.1f |", p.kind(), p.calls(), p.errors(), p.p50Millis(),
          p.p99Millis(), p.maxMillis());
    }
    line("");
  }

  private void cpu() {
    if (phases.stream().anyMatch(p -> p.cpu() == null)) {
      line("(CPU per call not measured: /proc not readable.)");
      line("");
      return;
    }
    // Only the loaded rounds: one at a time, background threads and other users' processes would
    // dominate the per-call figure.
    line("### CPU per call, median over the rounds (ms of CPU time; REST includes finishing the action)");
    line("");
    line("| kind | service JVM | bench JVM | PostgreSQL | rest of machine | total | machine busy |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    for (String kind : kinds()) {
      double service = median(kind, p -> p.cpu().serviceMs());
      double bench = median(kind, p -> p.cpu().benchMs());
      double postgres = median(kind, p -> p.cpu().postgresMs());
      double other = median(kind, p -> p.cpu().otherMs());
      line("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f%% |", kind, service, bench, postgres, other,
          service + bench + postgres + other, median(kind, p -> p.cpu().machineBusyPercent()));
    }
    line("");
    line("The service JVM runs the embedded Temporal service too, so a trivial workflow's server-side"
        + " work is in that column; its worker, and the same-refund workflow's, is in the bench JVM's (the"
        + " sample store that both refunds call is in the service JVM).");
    line("");
  }

  private void errors() {
    boolean any = false;
    for (Phase p : java.util.stream.Stream.concat(unloaded.stream(), phases.stream()).toList()) {
      if (p.errors() > 0) {
        line("Errors in round %s %s: %d, for example: %s", p.round(), p.kind(), p.errors(), p.errorSamples());
        any = true;
      }
    }
    if (!backgroundFailures.isEmpty()) {
      line("Actions submitted by POST that did not end SUCCEEDED: %d, for example: %s", backgroundFailures.size(),
          backgroundFailures.subList(0, Math.min(5, backgroundFailures.size())));
      any = true;
    }
    line(any ? "" : "No errors: every governed refund and every POST ended SUCCEEDED through rule refund-small-by-supervisor.");
    line("");
  }

  private void breakdown(HistoryPhases.Breakdown breakdown) {
    line("### Where the time goes: %s (%d workflows of round %s, from their histories)", breakdown.label(),
        breakdown.sampled(), breakdown.round());
    line("");
    line("| phase | mean ms | median ms |");
    line("|---|---:|---:|");
    breakdown.meanAndMedian().forEach((phase, values) ->
        line("| %s | %.1f | %.1f |", phase, values[0], values[1]));
    line("");
  }

  private void timers(String title, Map<String, double[]> timers) {
    line("### %s (its Micrometer timers)", title);
    line("");
    if (timers.isEmpty()) {
      line("Not available: start the service with --management.endpoints.web.exposure.include=health,metrics.");
      line("");
      return;
    }
    line("| timer | calls | mean ms |");
    line("|---|---:|---:|");
    timers.forEach((series, values) -> line("| %s | %.0f | %.2f |", series, values[0], values[1]));
    line("");
  }

  private double median(String kind, ToDoubleFunction<Phase> measure) {
    double[] values = phases.stream().filter(p -> p.kind().equals(kind)).mapToDouble(measure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private Phase phase(String kind, String round) {
    return phases.stream().filter(p -> p.kind().equals(kind) && p.round().equals(round)).findFirst().orElseThrow();
  }

  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}

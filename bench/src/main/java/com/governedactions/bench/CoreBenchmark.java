package com.governedactions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionIds;
import com.governedactions.codec.AesGcmPayloadCodec;
import com.governedactions.connector.ConnectorActivitiesImpl;
import com.governedactions.connector.SampleStoreConnector;
import com.governedactions.connector.SampleStoreConnectorProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The core benchmark: governed auto-allowed refunds against a trivial one-activity workflow on the
 * same Temporal service, and POST /actions latency, in alternating rounds of one run.
 *
 * <p>The governed workflow runs in the service's own worker with its real activities; the trivial
 * workflow runs in a worker this JVM registers on its own task queue. Both are driven by the same
 * closed loop at the same concurrency. Run it with {@code bench/run-core.sh}.
 */
public final class CoreBenchmark {
  private final BenchConfig config;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private final WorkflowClient client;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger refundSequence = new AtomicInteger();
  private final CpuMeter cpu =
      new CpuMeter(Long.getLong("bench.servicePid", 0L), Integer.getInteger("bench.clockTicks", 100));
  private final List<String> pendingFailures = new ArrayList<>();
  private GovernedRefunds governed;
  private SameRefunds sameRefunds;
  private RestSubmissions rest;

  private CoreBenchmark(BenchConfig config, WorkflowClient client) {
    this.config = config;
    this.client = client;
  }

  public static void main(String[] args) throws Exception {
    BenchConfig config = BenchConfig.fromSystemProperties();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(config.temporalTarget()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(config.namespace())
                // the service in dev mode encrypts payloads with this key (docs/audit-search.md)
                .setDataConverter(AesGcmPayloadCodec.devOnly().dataConverter())
                .build());
    WorkerFactory workers = WorkerFactory.newInstance(client);
    // SDK defaults unless TRIVIAL_POLLERS is set: the service's worker runs with the defaults too.
    int pollers = config.trivialPollers();
    Worker worker = workers.newWorker(BenchTrivialWorkflow.TASK_QUEUE, pollers(WorkerOptions.newBuilder(), pollers).build());
    worker.registerWorkflowImplementationTypes(BenchTrivialWorkflowImpl.class);
    worker.registerActivitiesImplementations(new EchoActivitiesImpl());
    // The same-refund baseline: the service's connector activity and sample-store connector, in
    // this JVM, on their own task queue, with the service worker's heartbeat forwarding.
    Worker sameRefund =
        workers.newWorker(
            SameRefundWorkflow.TASK_QUEUE,
            pollers(WorkerOptions.newBuilder(), pollers)
                .setMaxHeartbeatThrottleInterval(ConnectorActivitiesImpl.HEARTBEAT_EVERY)
                .build());
    sameRefund.registerWorkflowImplementationTypes(SameRefundWorkflowImpl.class);
    ConnectorActivitiesImpl connector =
        new ConnectorActivitiesImpl(List.of(new SampleStoreConnector(new SampleStoreConnectorProperties(
            config.baseUrl() + "/sample-store", Duration.ofSeconds(2), Duration.ofSeconds(10), null))));
    sameRefund.registerActivitiesImplementations(connector);
    workers.start();
    boolean clean;
    try {
      clean = new CoreBenchmark(config, client).run();
    } finally {
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      connector.destroy();
      service.shutdown();
    }
    System.exit(clean ? 0 : 1);
  }

  private static WorkerOptions.Builder pollers(WorkerOptions.Builder options, int pollers) {
    return pollers > 0
        ? options.setMaxConcurrentWorkflowTaskPollers(pollers).setMaxConcurrentActivityTaskPollers(pollers)
        : options;
  }

  /** Runs every phase and prints the report; false when any call failed. */
  private boolean run() throws Exception {
    RefundPlan plan = RefundPlan.choose(runId, config.baseUrl(), config.refundsPlanned(), http, json);
    governed = new GovernedRefunds(client, plan, refundSequence);
    sameRefunds = new SameRefunds(client, plan, refundSequence);
    rest = new RestSubmissions(http, json, config.baseUrl(), config.token(), plan, refundSequence);
    ServiceMetrics metrics = new ServiceMetrics(http, json, config.baseUrl());
    double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    log("run %s: %s; refunds of USD %s spread over %s", runId, config, RefundPlan.AMOUNT, plan.orders());

    if (config.warmup() > 0) {
      List<Phase> warmup = List.of(trivial("warm-up", config.warmup()), sameRefund("warm-up", config.warmup()),
          governed("warm-up", config.warmup()), rest("warm-up", config.warmupHttp()));
      List<String> failures = new ArrayList<>(pendingFailures);
      pendingFailures.clear();
      for (Phase phase : warmup) {
        if (phase.errors() > 0) {
          throw new IllegalStateException("warm-up " + phase.kind() + " failed " + phase.errors()
              + " of " + phase.calls() + " calls, first: " + phase.errorSamples());
        }
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("warm-up REST actions did not succeed: " + failures.subList(0, Math.min(5, failures.size())));
      }
    }

    List<Phase> unloaded = new ArrayList<>();
    Map<String, double[]> unloadedTimers = Map.of();
    if (config.unloadedN() > 0) {
      Map<String, ServiceMetrics.Reading> start = metrics.snapshot();
      unloaded.add(trivial(Report.TRIVIAL, Report.UNLOADED, config.unloadedN(), 1));
      unloaded.add(metered(config.unloadedN(), () -> ClosedLoop.run(Report.GOVERNED, Report.UNLOADED,
          config.unloadedN(), 1, i -> governed.run(governedRequestId(Report.UNLOADED, i)))));
      unloaded.add(metered(config.unloadedN(), () -> {
        Phase phase = ClosedLoop.run(Report.REST, Report.UNLOADED, config.unloadedN(), 1,
            i -> rest.submit(restRequestId(Report.UNLOADED, i)));
        pendingFailures.addAll(rest.drain(client));
        return phase;
      }));
      unloadedTimers = ServiceMetrics.delta(start, metrics.snapshot());
    }

    Map<String, ServiceMetrics.Reading> before = metrics.snapshot();
    List<Phase> phases = new ArrayList<>();
    List<String> backgroundFailures = new ArrayList<>();
    for (int r = 1; r <= config.rounds(); r++) {
      String round = String.valueOf(r);
      phases.add(trivial(round, config.n()));
      phases.add(sameRefund(round, config.n()));
      phases.add(governed(round, config.n()));
      phases.add(trivialAtHttpConcurrency(round, config.httpN()));
      phases.add(rest(round, config.httpN()));
      if (config.httpConcurrencyWide() > 0) {
        phases.add(trivial(Report.TRIVIAL_AT_HTTP_WIDE, round, config.httpN(), config.httpConcurrencyWide()));
        phases.add(rest(Report.REST_WIDE, round, config.httpN(), config.httpConcurrencyWide()));
      }
      backgroundFailures.addAll(pendingFailures);
      pendingFailures.clear();
    }
    Map<String, ServiceMetrics.Reading> after = metrics.snapshot();

    String last = String.valueOf(config.rounds());
    Phase lastTrivial = find(phases, Report.TRIVIAL, last);
    Phase lastGoverned = find(phases, Report.GOVERNED, last);
    Phase lastSame = find(phases, Report.SAME_REFUND, last);
    Phase lastRest = find(phases, Report.REST, last);
    log("reading %d workflow histories of each kind from round %s", config.historySample(), last);
    IntFunction<String> trivialIds = i -> trivialId("t", last, i);
    IntFunction<String> governedIds = i -> ActionIds.actionIdFor(governedRequestId(last, i));
    IntFunction<String> restIds = i -> ActionIds.actionIdFor(restRequestId(last, i));
    int sample = config.historySample();
    List<HistoryPhases.Breakdown> breakdowns = new ArrayList<>();
    if (!unloaded.isEmpty()) {
      String u = Report.UNLOADED;
      breakdowns.add(HistoryPhases.of(client, "trivial, one at a time", unloaded.get(0),
          i -> trivialId("t", u, i), HistoryPhases.spread(unloaded.get(0), sample), false));
      breakdowns.add(HistoryPhases.of(client, "governed, one at a time", unloaded.get(1),
          i -> ActionIds.actionIdFor(governedRequestId(u, i)), HistoryPhases.spread(unloaded.get(1), sample), false));
      breakdowns.add(HistoryPhases.of(client, "POST /actions, one at a time", unloaded.get(2),
          i -> ActionIds.actionIdFor(restRequestId(u, i)), HistoryPhases.spread(unloaded.get(2), sample), true));
    }
    breakdowns.addAll(
        List.of(
            HistoryPhases.of(client, "trivial, start -> result", lastTrivial, trivialIds,
                HistoryPhases.spread(lastTrivial, sample), false),
            HistoryPhases.of(client, "same refund, start -> result", lastSame, i -> trivialId("s", last, i),
                HistoryPhases.spread(lastSame, sample), false),
            HistoryPhases.of(client, "governed, start -> result", lastGoverned, governedIds,
                HistoryPhases.spread(lastGoverned, sample), false),
            HistoryPhases.of(client, "POST /actions, call -> 201", lastRest, restIds,
                HistoryPhases.spread(lastRest, sample), true),
            HistoryPhases.of(client, "trivial, slowest 1%", lastTrivial, trivialIds,
                HistoryPhases.slowest(lastTrivial), false),
            HistoryPhases.of(client, "governed, slowest 1%", lastGoverned, governedIds,
                HistoryPhases.slowest(lastGoverned), false),
            HistoryPhases.of(client, "POST /actions, slowest 1%", lastRest, restIds,
                HistoryPhases.slowest(lastRest), true)));

    Report report = new Report(config, runId, loadAtStart, unloaded, phases, backgroundFailures, breakdowns,
        unloadedTimers, ServiceMetrics.delta(before, after));
    String text = report.render();
    System.out.println(text);
    String out = System.getProperty("bench.out");
    if (out != null && !out.isBlank()) {
      writeQuietly(Path.of(out), text);
    }
    return report.clean();
  }

  private Phase trivial(String round, int count) throws InterruptedException {
    return trivial(Report.TRIVIAL, round, count, config.concurrency());
  }

  /** The trivial workflow once more, at the REST phase's concurrency, to compare like with like. */
  private Phase trivialAtHttpConcurrency(String round, int count) throws InterruptedException {
    return trivial(Report.TRIVIAL_AT_HTTP, round, count, config.httpConcurrency());
  }

  private Phase trivial(String kind, String round, int count, int concurrency) throws InterruptedException {
    log("round %s: %d trivial workflows, %d in flight", round, count, concurrency);
    String prefix = kind.equals(Report.TRIVIAL) ? "t" : kind.equals(Report.TRIVIAL_AT_HTTP) ? "u" : "v";
    return metered(count, () -> ClosedLoop.run(kind, round, count, concurrency, i -> {
      BenchTrivialWorkflow workflow =
          client.newWorkflowStub(
              BenchTrivialWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(trivialId(prefix, round, i))
                  .setTaskQueue(BenchTrivialWorkflow.TASK_QUEUE)
                  .build());
      TrivialPayload input = new TrivialPayload("echo " + i);
      WorkflowClient.start(workflow::run, input);
      TrivialPayload output = WorkflowStub.fromTyped(workflow).getResult(TrivialPayload.class);
      if (!input.equals(output)) {
        throw new IllegalStateException("the trivial workflow answered " + output + " to " + input);
      }
    }));
  }

  private Phase governed(String round, int count) throws InterruptedException {
    log("round %s: %d governed refunds, %d in flight", round, count, config.concurrency());
    return metered(count, () -> ClosedLoop.run(Report.GOVERNED, round, count, config.concurrency(),
        i -> governed.run(governedRequestId(round, i))));
  }

  private Phase sameRefund(String round, int count) throws InterruptedException {
    log("round %s: %d same refunds in a bare workflow, %d in flight", round, count, config.concurrency());
    return metered(count, () -> ClosedLoop.run(Report.SAME_REFUND, round, count, config.concurrency(),
        i -> sameRefunds.run(trivialId("s", round, i))));
  }

  private Phase rest(String round, int count) throws InterruptedException {
    return rest(Report.REST, round, count, config.httpConcurrency());
  }

  private Phase rest(String kind, String round, int count, int concurrency) throws InterruptedException {
    log("round %s: %d POST /actions, %d clients", round, count, concurrency);
    String prefix = kind.equals(Report.REST) ? "" : "w";
    // The actions go on running after their 201: the CPU they use counts once they are drained.
    return metered(count, () -> {
      Phase phase = ClosedLoop.run(kind, round, count, concurrency,
          i -> rest.submit(restRequestId(prefix + round, i)));
      pendingFailures.addAll(rest.drain(client));
      return phase;
    });
  }

  /** A phase that returns a Phase, timed for CPU as a whole. */
  @FunctionalInterface
  private interface PhaseRun {
    Phase run() throws InterruptedException;
  }

  private Phase metered(int calls, PhaseRun run) throws InterruptedException {
    CpuMeter.Sample before = cpu.sample();
    Phase phase = run.run();
    CpuMeter.Sample after = cpu.sample();
    return before == null || after == null ? phase : phase.withCpu(CpuMeter.Use.between(before, after, calls));
  }

  private String trivialId(String prefix, String round, int i) {
    return "bench-" + runId + "-" + prefix + round + "-" + i;
  }

  private String governedRequestId(String round, int i) {
    return "bench-" + runId + "-g" + round + "-" + i;
  }

  private String restRequestId(String round, int i) {
    return "bench-" + runId + "-h" + round + "-" + i;
  }

  private static Phase find(List<Phase> phases, String kind, String round) {
    return phases.stream()
        .filter(p -> p.kind().equals(kind) && p.round().equals(round))
        .findFirst()
        .orElseThrow();
  }

  private static void writeQuietly(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      System.err.println("could not write the results to " + file + ": " + e.getMessage());
    }
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
  }
}

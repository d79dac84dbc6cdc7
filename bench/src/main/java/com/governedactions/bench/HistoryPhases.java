package com.governedactions.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Where a workflow's latency goes, read from the timestamps of its history events: waiting for a
 * worker to pick up a workflow or activity task, running it (a workflow task's run includes its
 * local activities: for GovernedAction the rule check and the audit writes), and what the caller
 * saw beyond the history (start and result RPCs, or for REST the HTTP and API work).
 */
final class HistoryPhases {
  static final String WFT_QUEUE = "workflow tasks: queue wait";
  static final String WFT_RUN = "workflow tasks: run (incl. local activities)";
  static final String ACT_QUEUE = "activity: queue wait";
  static final String ACT_RUN = "activity: run";
  static final String OTHER = "history, other gaps";
  static final String HISTORY = "history: started -> closed";
  static final String TO_FIRST_WFT = "history: started -> 1st workflow task done";
  static final String CALLER = "caller's extra (RPCs, HTTP, API)";
  static final String WFT_COUNT = "workflow tasks (count)";
  static final String MARKERS = "local activities (count)";

  /** Mean and median per phase over the sampled workflows, in milliseconds (counts for counts). */
  record Breakdown(String label, String round, int sampled, Map<String, double[]> meanAndMedian) {}

  private HistoryPhases() {}

  /** Up to {@code sample} successful calls spread evenly over the phase. */
  static List<Integer> spread(Phase phase, int sample) {
    long[] latencies = phase.latencyNanos();
    List<Integer> chosen = new ArrayList<>();
    int step = Math.max(1, latencies.length / Math.max(1, sample));
    for (int i = 0; i < latencies.length && chosen.size() < sample; i += step) {
      if (latencies[i] != Phase.FAILED) {
        chosen.add(i);
      }
    }
    return chosen;
  }

  /** The slowest 1% of the successful calls (at least one): what the p99 is made of. */
  static List<Integer> slowest(Phase phase) {
    long[] latencies = phase.latencyNanos();
    int count = Math.max(1, (int) Math.ceil(phase.succeeded() / 100.0));
    return IntStream.range(0, latencies.length)
        .filter(i -> latencies[i] != Phase.FAILED)
        .boxed()
        .sorted(Comparator.comparingLong((Integer i) -> latencies[i]).reversed())
        .limit(count)
        .toList();
  }

  /**
   * @param workflowIdOf the workflow id of the call at an index of {@code phase}
   * @param untilFirstWorkflowTask true for REST submissions, which answer once the first workflow
   *     task (the rule check) is done: the caller's extra is measured against that point
   */
  static Breakdown of(
      WorkflowClient client, String label, Phase phase, IntFunction<String> workflowIdOf, List<Integer> indices,
      boolean untilFirstWorkflowTask) {
    List<Map<String, Double>> perWorkflow = new ArrayList<>();
    for (int i : indices) {
      Map<String, Double> phases = split(client.fetchHistory(workflowIdOf.apply(i)).getEvents());
      double reference = untilFirstWorkflowTask ? phases.get(TO_FIRST_WFT) : phases.get(HISTORY);
      phases.put(CALLER, phase.latencyNanos()[i] / 1e6 - reference);
      perWorkflow.add(phases);
    }
    Map<String, double[]> summary = new LinkedHashMap<>();
    if (!perWorkflow.isEmpty()) {
      for (String name : perWorkflow.get(0).keySet()) {
        double[] values = perWorkflow.stream().mapToDouble(p -> p.get(name)).sorted().toArray();
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        summary.put(name, new double[] {mean, values[(values.length - 1) / 2]});
      }
    }
    return new Breakdown(label, phase.round(), perWorkflow.size(), summary);
  }

  private static Map<String, Double> split(List<HistoryEvent> events) {
    // The completed events' startedEventId is not filled in by every server (the embedded test
    // server leaves it 0), so starts are looked up by what is always there: workflow tasks run one
    // at a time, and an activity's events share its scheduledEventId.
    Map<Long, Long> scheduledAt = new HashMap<>();
    Map<Long, Long> activityStartedAt = new HashMap<>();
    long wftStartedAt = -1;
    long wftQueue = 0, wftRun = 0, actQueue = 0, actRun = 0;
    long firstWftDone = -1;
    int wfts = 0, markers = 0;
    long start = nanos(events.get(0));
    long close = nanos(events.get(events.size() - 1));
    for (HistoryEvent event : events) {
      long t = nanos(event);
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
            scheduledAt.put(event.getEventId(), t);
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
          wftStartedAt = t;
          wftQueue += t - scheduledAt.getOrDefault(event.getWorkflowTaskStartedEventAttributes().getScheduledEventId(), t);
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> {
          wftRun += wftStartedAt < 0 ? 0 : t - wftStartedAt;
          wftStartedAt = -1;
          if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
            wfts++;
            if (firstWftDone < 0) {
              firstWftDone = t;
            }
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          long scheduled = event.getActivityTaskStartedEventAttributes().getScheduledEventId();
          activityStartedAt.put(scheduled, t);
          actQueue += t - scheduledAt.getOrDefault(scheduled, t);
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
            actRun += t - activityStartedAt.getOrDefault(event.getActivityTaskCompletedEventAttributes().getScheduledEventId(), t);
        case EVENT_TYPE_MARKER_RECORDED -> markers++;
        default -> {}
      }
    }
    long total = close - start;
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put(WFT_QUEUE, wftQueue / 1e6);
    phases.put(WFT_RUN, wftRun / 1e6);
    phases.put(ACT_QUEUE, actQueue / 1e6);
    phases.put(ACT_RUN, actRun / 1e6);
    phases.put(OTHER, (total - wftQueue - wftRun - actQueue - actRun) / 1e6);
    phases.put(HISTORY, total / 1e6);
    phases.put(TO_FIRST_WFT, (firstWftDone < 0 ? total : firstWftDone - start) / 1e6);
    phases.put(WFT_COUNT, (double) wfts);
    phases.put(MARKERS, (double) markers);
    return phases;
  }

  private static long nanos(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1_000_000_000L + event.getEventTime().getNanos();
  }
}

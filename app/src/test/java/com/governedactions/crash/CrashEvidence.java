package com.governedactions.crash;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the Temporal histories of a crash test's workflows say the crash did, counted in workflows:
 * that the killed worker had worked on them, that calls it held were retried elsewhere, and how
 * their workflow tasks reached another worker. A crash test that cannot show these proved nothing.
 *
 * @param workflows histories read
 * @param tasksOfVictim workflows with a workflow task the killed worker started
 * @param moved workflows with a workflow task the killed worker started and a later one that
 *     another worker started: the ones that went on elsewhere
 * @param retriedCalls workflows whose activity completed in an attempt after the first
 * @param stickyTasks workflows with a workflow task scheduled on a worker's sticky queue
 * @param stickyTimeouts workflows with a workflow task that timed out waiting to start (on a dead
 *     worker's sticky queue) and was scheduled again on the normal queue
 * @param taskTimeouts workflows with a workflow task that was started but never completed in time
 */
record CrashEvidence(
    int workflows, int tasksOfVictim, int moved, int retriedCalls, int stickyTasks, int stickyTimeouts, int taskTimeouts) {

  static CrashEvidence of(ChildJvm victim, List<List<HistoryEvent>> histories) {
    return new CrashEvidence(
        histories.size(),
        count(histories, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
            && victim.isTemporalIdentity(e.getWorkflowTaskStartedEventAttributes().getIdentity())),
        (int) histories.stream().filter(history -> movedAway(victim, history)).count(),
        count(histories, e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
            && e.getActivityTaskStartedEventAttributes().getAttempt() > 1),
        count(histories, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
            && e.getWorkflowTaskScheduledEventAttributes().getTaskQueue().getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY),
        count(histories, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
            && e.getWorkflowTaskTimedOutEventAttributes().getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START),
        count(histories, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
            && e.getWorkflowTaskTimedOutEventAttributes().getTimeoutType() == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
  }

  private static boolean movedAway(ChildJvm victim, List<HistoryEvent> history) {
    boolean victimStarted = false;
    for (HistoryEvent event : history) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        boolean byVictim = victim.isTemporalIdentity(event.getWorkflowTaskStartedEventAttributes().getIdentity());
        if (victimStarted && !byVictim) {
          return true;
        }
        victimStarted |= byVictim;
      }
    }
    return false;
  }

  private static int count(List<List<HistoryEvent>> histories, Predicate<HistoryEvent> event) {
    return (int) histories.stream().filter(history -> history.stream().anyMatch(event)).count();
  }
}

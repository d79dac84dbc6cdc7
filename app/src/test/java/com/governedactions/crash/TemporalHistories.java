package com.governedactions.crash;

import com.governedactions.devserver.TemporalDevServer;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the Temporal server recorded, read straight from its frontend: which worker runs an
 * action's connector call right now, and an action's whole event history. Only event types,
 * attempts, identities and task queues are read, never a payload (those are encrypted).
 */
final class TemporalHistories implements AutoCloseable {
  private static final String NAMESPACE = "default";

  private final WorkflowServiceStubs service;

  TemporalHistories(TemporalDevServer temporal) {
    service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
  }

  /** The identities of the workers that run the action's activities now (none while none runs). */
  List<String> runningActivityWorkers(String workflowId) {
    return service.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(NAMESPACE)
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build())
        .getPendingActivitiesList().stream()
        .map(PendingActivityInfo::getLastWorkerIdentity)
        .filter(identity -> !identity.isEmpty())
        .toList();
  }

  /** Every event of the workflow's (latest) run, in order. */
  List<HistoryEvent> history(String workflowId) {
    List<HistoryEvent> events = new ArrayList<>();
    ByteString page = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse response = service.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(NAMESPACE)
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .setNextPageToken(page)
              .build());
      events.addAll(response.getHistory().getEventsList());
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return events;
  }

  @Override
  public void close() {
    service.shutdownNow();
    service.awaitTermination(10, TimeUnit.SECONDS);
  }
}

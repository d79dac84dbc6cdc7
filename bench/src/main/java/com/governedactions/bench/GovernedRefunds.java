package com.governedactions.bench;

import com.governedactions.action.ActionIds;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Customer;
import com.governedactions.action.Effect;
import com.governedactions.action.GovernedActionInput;
import com.governedactions.action.GovernedActionWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Auto-allowed refunds started straight through Temporal, as a chat backend that prefers the
 * Temporal client would: a supervisor's own one-cent refund, which policy rule
 * refund-small-by-supervisor lets run at once.
 */
final class GovernedRefunds {
  static final String SUPERVISOR = "alice";

  private final WorkflowClient client;
  private final RefundPlan plan;
  private final AtomicInteger sequence;

  GovernedRefunds(WorkflowClient client, RefundPlan plan, AtomicInteger sequence) {
    this.client = client;
    this.plan = plan;
    this.sequence = sequence;
  }

  /** Starts one refund and waits for its result; throws unless it SUCCEEDED without a human. */
  void run(String requestId) {
    int seq = sequence.getAndIncrement();
    ActionRequest request =
        new ActionRequest(
            requestId,
            "refund",
            plan.params(seq),
            new Actor(ActorType.HUMAN, SUPERVISOR, List.of("SUPERVISOR")),
            new Customer(plan.customerFor(seq), "standard", "otp"),
            plan.conversation(),
            "chat",
            SUPERVISOR);
    GovernedActionWorkflow workflow =
        client.newWorkflowStub(
            GovernedActionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ActionIds.actionIdFor(requestId))
                .setTaskQueue(ActionIds.TASK_QUEUE)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    WorkflowClient.start(workflow::run, new GovernedActionInput(request));
    ActionState state = WorkflowStub.fromTyped(workflow).getResult(ActionState.class);
    expectAutoFiredSuccess(state);
  }

  static void expectAutoFiredSuccess(ActionState state) {
    if (state.status() != ActionStatus.SUCCEEDED
        || state.decision() == null
        || state.decision().effect() != Effect.ALLOW) {
      throw new IllegalStateException(
          state.actionId() + " ended " + state.status() + " with decision " + state.decision()
              + (state.result() == null ? "" : " and result " + state.result()));
    }
  }
}

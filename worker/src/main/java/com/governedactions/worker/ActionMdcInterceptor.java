package com.governedactions.worker;

import com.governedactions.observability.ActionMdc;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.springframework.stereotype.Component;

/**
 * Puts {@code actionId}, {@code workflowId} and {@code requestId} into the MDC while an activity
 * (local ones too) of an action runs, so every line it logs names the action (docs/operations.md).
 * The Temporal starter registers every {@code WorkerInterceptor} bean with the workers it creates.
 * Activities only: workflow code logs through {@code Workflow.getLogger}, whose lines the SDK
 * already tags with {@code WorkflowId}.
 */
@Component
class ActionMdcInterceptor extends WorkerInterceptorBase {
  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String workflowId;

      @Override
      public void init(ActivityExecutionContext context) {
        workflowId = context.getInfo().getWorkflowId();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        if (workflowId == null) {
          return super.execute(input);
        }
        try (ActionMdc.Scope ignored = ActionMdc.enter(workflowId)) {
          return super.execute(input);
        }
      }
    };
  }
}

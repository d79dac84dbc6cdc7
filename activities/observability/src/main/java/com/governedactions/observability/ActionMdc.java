package com.governedactions.observability;

import com.governedactions.action.ActionIds;
import org.slf4j.MDC;

/**
 * The MDC fields of every log line about an action (docs/operations.md): {@code actionId}, {@code
 * workflowId} (the same id: the workflow id is the action id) and {@code requestId} (the client's,
 * which the action id is derived from). Set by the API for {@code /api/v1/actions/{id}...} and for
 * a submission, and by the worker around every activity of an action.
 */
public final class ActionMdc {
  public static final String ACTION_ID = "actionId";
  public static final String WORKFLOW_ID = "workflowId";
  public static final String REQUEST_ID = "requestId";

  private static final String PREFIX = "action-";

  private ActionMdc() {}

  /**
   * Puts the three fields for {@code workflowId}, if it is an action's id; other workflows (none
   * today) get {@code workflowId} only.
   *
   * @return what to call to take them away again
   */
  public static Scope enter(String workflowId) {
    Scope scope = new Scope(MDC.get(ACTION_ID), MDC.get(WORKFLOW_ID), MDC.get(REQUEST_ID));
    MDC.put(WORKFLOW_ID, workflowId);
    String requestId = requestIdOf(workflowId);
    if (requestId != null) {
      MDC.put(ACTION_ID, workflowId);
      MDC.put(REQUEST_ID, requestId);
    }
    return scope;
  }

  /** Puts nothing, but restores the fields on close as they are now (whatever is put meanwhile). */
  public static Scope none() {
    return new Scope(MDC.get(ACTION_ID), MDC.get(WORKFLOW_ID), MDC.get(REQUEST_ID));
  }

  /** The request id an action id was derived from, or null if {@code id} is no action id. */
  public static String requestIdOf(String id) {
    if (id == null || !id.startsWith(PREFIX)) {
      return null;
    }
    String requestId = id.substring(PREFIX.length());
    return ActionIds.isValidRequestId(requestId) ? requestId : null;
  }

  /** Restores the fields as they were before {@link #enter}. */
  public static final class Scope implements AutoCloseable {
    private final String actionId;
    private final String workflowId;
    private final String requestId;

    private Scope(String actionId, String workflowId, String requestId) {
      this.actionId = actionId;
      this.workflowId = workflowId;
      this.requestId = requestId;
    }

    @Override
    public void close() {
      restore(ACTION_ID, actionId);
      restore(WORKFLOW_ID, workflowId);
      restore(REQUEST_ID, requestId);
    }

    private static void restore(String key, String value) {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    }
  }
}

package com.governedactions.action;

import java.util.regex.Pattern;

/**
 * The workflow id, and so the action id, is derived from the client's request id: starting the
 * same request twice finds the first action instead of creating a second one.
 */
public final class ActionIds {
  public static final String TASK_QUEUE = "governed-actions";
  public static final String WORKFLOW_TYPE = "GovernedAction";

  private static final String PREFIX = "action-";
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private ActionIds() {}

  public static boolean isValidRequestId(String requestId) {
    return requestId != null && REQUEST_ID.matcher(requestId).matches();
  }

  /** Describes what a valid request id looks like, for error messages. */
  public static String requestIdRule() {
    return "1-128 characters: letters, digits and . _ : - (starting with a letter or digit)";
  }

  public static String actionIdFor(String requestId) {
    if (!isValidRequestId(requestId)) {
      throw new IllegalArgumentException("requestId must be " + requestIdRule());
    }
    return PREFIX + requestId;
  }

  /** Idempotency key of one connector call: stable across retries, crashes and replays. */
  public static String idempotencyKey(String actionId, int step, String operation) {
    return actionId + ":" + step + ":" + operation;
  }
}

package com.governedactions.action.connector;

import java.util.Map;

/**
 * One connector call.
 *
 * @param step 0-based index in the action's plan
 * @param operation the forward operation, or for a compensation the compensating operation
 * @param idempotencyKey derived from action id + step; the same on every retry
 * @param forwardResult for a compensation: what the forward call returned, or null if it never
 *     returned (crashed, timed out, or failed)
 */
public record StepCommand(
    String actionId,
    int step,
    String operation,
    Map<String, Object> params,
    String idempotencyKey,
    Map<String, Object> forwardResult) {}

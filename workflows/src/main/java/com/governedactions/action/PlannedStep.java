package com.governedactions.action;

/**
 * One connector call of an action's execution plan.
 *
 * @param operation connector operation, for example {@code payments.refund}
 * @param compensation the operation that undoes it, or null when the step changes nothing that
 *     later steps could need undone
 */
public record PlannedStep(String operation, String compensation) {}

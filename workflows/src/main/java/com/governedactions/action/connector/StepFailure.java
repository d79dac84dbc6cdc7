package com.governedactions.action.connector;

/** Details of a failed connector call, carried by its ApplicationFailure for the audit trail. */
public record StepFailure(Integer statusCode, String summary) {}

package com.governedactions.action;

/** Payload of the {@code reject} signal: {@code {"approver": "...", "reason": "..."}}. */
public record Reject(String approver, String reason) {}

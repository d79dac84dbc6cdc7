package com.governedactions.action;

/** Payload of the {@code approve} signal: {@code {"approver": "...", "comment": "..."}}. */
public record Approve(String approver, String comment) {}

package com.governedactions.action;

/** Payload of the {@code cancel} signal: {@code {"reason": "..."}}; {@code by} as in {@link Confirm}. */
public record Cancel(String reason, String by) {}

package com.governedactions.action;

/** Argument of the {@code awaitDecision} update, which returns once the rule check is done. */
public record AwaitDecision() {}

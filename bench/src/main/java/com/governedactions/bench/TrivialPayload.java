package com.governedactions.bench;

/** Input and result of the trivial workflow and of its one activity. */
public record TrivialPayload(String text) {}

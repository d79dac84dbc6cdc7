package com.governedactions.action;

/**
 * Payload of the {@code confirm} signal: {@code {}}. {@code by} is optional and only recorded: the
 * REST API fills it with the authenticated client that relayed the customer's answer.
 */
public record Confirm(String by) {}

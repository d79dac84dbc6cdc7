package com.governedactions.action;

/** The customer the action is for; {@code verification} is the identity-verification level. */
public record Customer(String id, String segment, String verification) {}

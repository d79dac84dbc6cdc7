package com.governedactions.action;

/** The one argument of the GovernedAction workflow. */
public record GovernedActionInput(ActionRequest request) {}

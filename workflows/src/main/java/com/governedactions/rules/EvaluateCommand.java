package com.governedactions.rules;

import com.governedactions.action.ActionRequest;

public record EvaluateCommand(String actionId, ActionRequest request) {}

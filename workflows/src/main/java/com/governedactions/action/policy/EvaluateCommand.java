package com.governedactions.action.policy;

import com.governedactions.action.ActionRequest;

public record EvaluateCommand(String actionId, ActionRequest request) {}

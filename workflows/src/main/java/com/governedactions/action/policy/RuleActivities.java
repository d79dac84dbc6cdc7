package com.governedactions.action.policy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The rule check. Run as a local activity: it reads only the policy and the audit store. */
@ActivityInterface
public interface RuleActivities {
  @ActivityMethod(name = "Evaluate")
  Evaluation evaluate(EvaluateCommand command);
}

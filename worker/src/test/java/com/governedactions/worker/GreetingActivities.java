package com.governedactions.worker;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface GreetingActivities {
  String compose(String name);
}

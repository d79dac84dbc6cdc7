package com.governedactions.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The trivial workflow's one activity: returns its input. */
@ActivityInterface
public interface EchoActivities {
  @ActivityMethod(name = "BenchEcho")
  TrivialPayload echo(TrivialPayload input);
}

package com.governedactions.bench;

/** Does no work at all, so the trivial workflow measures Temporal's own cost of one activity. */
public class EchoActivitiesImpl implements EchoActivities {
  @Override
  public TrivialPayload echo(TrivialPayload input) {
    return input;
  }
}

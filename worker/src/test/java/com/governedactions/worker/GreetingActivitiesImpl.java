package com.governedactions.worker;

class GreetingActivitiesImpl implements GreetingActivities {
  @Override
  public String compose(String name) {
    return "Hello, " + name + "!";
  }
}

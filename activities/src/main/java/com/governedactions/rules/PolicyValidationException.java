package com.governedactions.rules;

import java.util.List;

/** A policy document was refused. The message lists every problem found, one per line. */
public class PolicyValidationException extends RuntimeException {
  private final List<String> problems;

  public PolicyValidationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem names where it is, e.g. {@code rule 'refund-small': when 1:8: undefined field 'amout'}. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "policy refused, " + count + ":\n- " + String.join("\n- ", problems);
  }
}

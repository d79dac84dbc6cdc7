package com.governedactions.policy;

import java.util.List;

/** A policy document was refused. The message lists every problem found, one per line. */
public class PolicyValidationException extends RuntimeException {
  private final List<PolicyProblem> details;

  public PolicyValidationException(List<String> problems) {
    this(problems.stream().map(p -> new PolicyProblem(null, "policy", null, null, p)).toArray(PolicyProblem[]::new));
  }

  private PolicyValidationException(PolicyProblem[] details) {
    super(message(List.of(details)));
    this.details = List.of(details);
  }

  static PolicyValidationException of(List<PolicyProblem> details) {
    return new PolicyValidationException(details.toArray(PolicyProblem[]::new));
  }

  /** Each problem names where it is, e.g. {@code rule 'refund-small': when 1:8: undefined field 'amout'}. */
  public List<String> problems() {
    return details.stream().map(PolicyProblem::message).toList();
  }

  /** The same problems with the rule id, path, and line and column in the document. */
  public List<PolicyProblem> details() {
    return details;
  }

  private static String message(List<PolicyProblem> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "policy refused, " + count + ":\n- "
        + String.join("\n- ", problems.stream().map(PolicyProblem::message).toList());
  }
}

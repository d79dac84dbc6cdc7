package com.governedactions.policy;

/**
 * One thing wrong with a policy document.
 *
 * @param rule the id of the rule it is in; null outside a rule or when the rule has no id
 * @param path where in the document, e.g. {@code rules[2].approval.tiers[0].sla}; {@code policy}
 *     for the document as a whole
 * @param line 1-based line in the document as sent; null when the document's text is not known
 * @param column 1-based column in the document as sent; null like {@code line}
 * @param message what is wrong and how to fix it, naming the rule, e.g. {@code rule 'refund-small':
 *     when 1:34: undefined field 'amout'} (positions inside a {@code when} count from its start)
 */
public record PolicyProblem(String rule, String path, Integer line, Integer column, String message) {
  @Override
  public String toString() {
    return message;
  }
}

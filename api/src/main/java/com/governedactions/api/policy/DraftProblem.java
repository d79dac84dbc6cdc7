package com.governedactions.api.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One problem of a refused draft, with where it is as separate fields for a policy editor.
 *
 * @param rule the rule id, or null when the problem is not inside one rule
 * @param line line inside the rule's {@code when} (or the document, for a parse error), or null
 * @param column column, from 1, or null
 * @param message the problem as the compiler words it
 */
record DraftProblem(String rule, Integer line, Integer column, String message) {
  private static final Pattern RULE = Pattern.compile("^rule '([^']*)'");
  private static final Pattern WHEN_POSITION = Pattern.compile(": when (\\d+):(\\d+):");
  private static final Pattern DOCUMENT_POSITION = Pattern.compile("\\(line (\\d+), column (\\d+)\\)");

  static DraftProblem of(String problem) {
    Matcher rule = RULE.matcher(problem);
    Matcher position = WHEN_POSITION.matcher(problem);
    if (!position.find()) {
      position = DOCUMENT_POSITION.matcher(problem);
      if (!position.find()) {
        position = null;
      }
    }
    return new DraftProblem(
        rule.find() ? rule.group(1) : null,
        position == null ? null : Integer.valueOf(position.group(1)),
        position == null ? null : Integer.valueOf(position.group(2)),
        problem);
  }
}

package com.governedactions.api.console;

import com.governedactions.policy.PolicyProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a policy draft as the editor shows it under the textarea: numbered, and marked when
 * a problem points at it.
 *
 * @param problems the problems at this line, each as "column 5: ..."
 */
record DraftLine(int number, String text, boolean bad, List<String> problems) {

  static List<DraftLine> of(String document, List<PolicyProblem> problems) {
    List<String> texts = document.lines().toList();
    List<DraftLine> lines = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      int number = i + 1;
      List<String> here = problems.stream().filter(p -> p.line() != null && p.line() == number)
          .map(p -> (p.column() == null ? "" : "column " + p.column() + ": ") + p.message()).toList();
      lines.add(new DraftLine(number, texts.get(i), !here.isEmpty(), here));
    }
    return lines;
  }

  /**
   * One problem as the list above the draft shows it, linking to its line.
   *
   * @param line the line it is at, or null
   * @param text "line 12, column 5: ..." or the message alone when the problem has no position
   */
  record Located(Integer line, String text) {}

  static Located located(PolicyProblem problem) {
    if (problem.line() == null) {
      return new Located(null, problem.message());
    }
    return new Located(problem.line(), "line " + problem.line()
        + (problem.column() == null ? "" : ", column " + problem.column()) + ": " + problem.message());
  }
}

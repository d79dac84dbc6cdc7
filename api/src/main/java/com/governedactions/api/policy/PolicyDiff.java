package com.governedactions.api.policy;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** A unified diff between two policy documents, as {@code diff -u} would print it. */
final class PolicyDiff {
  private static final int CONTEXT_LINES = 3;

  private PolicyDiff() {}

  /**
   * @param from the earlier document; null when there is none (the first version)
   * @return the diff, empty when the documents are equal
   */
  static String unified(Long fromVersion, String from, long toVersion, String to) {
    List<String> before = from == null ? List.of() : from.lines().toList();
    List<String> after = to.lines().toList();
    Patch<String> patch = DiffUtils.diff(before, after);
    if (patch.getDeltas().isEmpty()) {
      return "";
    }
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(
            fromVersion == null ? "/dev/null" : "policy v" + fromVersion, "policy v" + toVersion, before, patch, CONTEXT_LINES);
    return String.join("\n", lines) + "\n";
  }
}

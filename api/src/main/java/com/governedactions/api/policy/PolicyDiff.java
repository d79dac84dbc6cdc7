package com.governedactions.api.policy;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.governedactions.policy.PolicyVersion;
import java.util.List;
import java.util.Map;

/**
 * A unified diff between two policy documents, as {@code diff -u} would print it. Public so the
 * console's version page shows the diff {@code GET /api/v1/policy/versions} gives.
 */
public final class PolicyDiff {
  private static final int CONTEXT_LINES = 3;

  private PolicyDiff() {}

  /**
   * @param from the earlier document; null when there is none (the first version)
   * @return the diff, empty when the documents are equal
   */
  /**
   * @param against the version the diff compares with: the one active when this version was
   *     written, else the one numbered before it if it is among {@code documents}; null for none
   * @param diff unified, empty when equal
   */
  public record Against(Long against, String diff) {}

  /** The diff of {@code version} against its predecessor; {@code documents} by version number. */
  public static Against ofVersion(PolicyVersion version, Map<Long, String> documents) {
    Long against = version.baseVersion() != null
        ? version.baseVersion()
        : (documents.containsKey(version.version() - 1) ? version.version() - 1 : null);
    return new Against(against,
        unified(against, against == null ? null : documents.get(against), version.version(), version.document()));
  }

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

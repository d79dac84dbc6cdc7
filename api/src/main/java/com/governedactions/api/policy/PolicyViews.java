package com.governedactions.api.policy;

import com.governedactions.policy.PolicyProblem;
import com.governedactions.policy.PolicyVersion;
import java.time.Instant;

/** The JSON shapes of {@code /api/v1/policy}. */
final class PolicyViews {
  private PolicyViews() {}

  /**
   * The active policy, or the version a PUT or a decision produced.
   *
   * @param document the document exactly as its author sent it, in {@code format}
   * @param approvedBy under dual control, the second policy admin who activated it
   */
  record PolicyView(
      long version,
      PolicyVersion.Status status,
      String format,
      String author,
      Instant createdAt,
      Instant activatedAt,
      String approvedBy,
      String document) {
    static PolicyView of(PolicyVersion v) {
      return new PolicyView(
          v.version(),
          v.status(),
          v.format(),
          v.author(),
          v.createdAt(),
          v.activatedAt(),
          v.status() == PolicyVersion.Status.REJECTED ? null : v.decidedBy(),
          v.document());
    }
  }

  /**
   * One entry of {@code GET /policy/versions}: who changed what, when, and how it was decided.
   *
   * @param diffAgainst the version {@code diff} compares with: the one active when this version was
   *     written; null for the first version
   * @param diff a unified diff from {@code diffAgainst} to this version; empty when equal
   * @param decidedBy under dual control, who approved or rejected it
   * @param reason why it was rejected
   */
  record VersionView(
      long version,
      PolicyVersion.Status status,
      String author,
      Instant createdAt,
      Instant activatedAt,
      String decidedBy,
      Instant decidedAt,
      String reason,
      Long diffAgainst,
      String diff) {}

  /** One problem of a refused policy, in the {@code errors} member of the 422. */
  record ProblemView(String rule, String path, Integer line, Integer column, String detail) {
    static ProblemView of(PolicyProblem p) {
      return new ProblemView(p.rule(), p.path(), p.line(), p.column(), p.message());
    }
  }
}

package com.governedactions.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a draft policy would have decided differently from the baseline (the active policy) on the
 * recorded requests of a time range (spec section 8, {@code POST /policy/simulate}).
 *
 * @param baselineVersion the policy version the draft is compared with
 * @param replayed recorded requests in the range that were decided under both policies
 * @param skipped actions in the range without a recorded request (written before requests were kept)
 * @param changed requests whose effect differs
 * @param transitions every (from → to) change, most frequent first
 * @param rules per rule, the changes it took part in deciding: as the deciding rule of the baseline
 *     outcome or of the draft outcome; {@code (no rule)} when nothing matched or a permission refused
 * @param history how the history aggregates were rebuilt for each request
 */
public record SimulationReport(
    Instant from,
    Instant to,
    long baselineVersion,
    long replayed,
    long skipped,
    long changed,
    List<Transition> transitions,
    List<RuleChanges> rules,
    String history,
    long elapsedMs) {

  /**
   * @param amounts money of the changed requests by ISO 4217 currency, as decimal strings
   * @param examples a few action ids that changed this way
   */
  public record Transition(String from, String to, long count, Map<String, String> amounts, List<String> examples) {}

  public record RuleChanges(String rule, long changed, List<Transition> transitions) {}
}

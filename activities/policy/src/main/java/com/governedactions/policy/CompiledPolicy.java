package com.governedactions.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated policy version, ready to evaluate. Immutable, so one instance can serve every
 * concurrent rule check while a newer version is being activated.
 */
public final class CompiledPolicy {
  private final long version;
  private final PolicyDocument document;
  private final List<CompiledRule> rules;
  private final List<CompiledRule> unpinned;
  private final Map<String, List<CompiledRule>> byType;
  // What each type's candidates read of history.*, so a rule check need not collect it per request.
  private final Map<String, Set<HistoryScope>> historyByType;
  private final Set<HistoryScope> unpinnedHistory;

  CompiledPolicy(long version, PolicyDocument document, List<CompiledRule> rules) {
    this.version = version;
    this.document = document;
    this.rules = List.copyOf(rules);
    this.unpinned = rules.stream().filter(r -> r.pinnedType() == null).toList();
    // Each type's candidates keep policy order, so matched rule ids come out in policy order.
    Map<String, List<CompiledRule>> index = new LinkedHashMap<>();
    for (CompiledRule rule : rules) {
      if (rule.pinnedType() != null) {
        index.computeIfAbsent(rule.pinnedType(), t -> new ArrayList<>());
      }
    }
    index.replaceAll(
        (type, ignored) ->
            rules.stream().filter(r -> r.pinnedType() == null || r.pinnedType().equals(type)).toList());
    this.byType = Map.copyOf(index);
    Map<String, Set<HistoryScope>> scopes = new LinkedHashMap<>();
    byType.forEach((type, candidates) -> scopes.put(type, historyOf(candidates)));
    this.historyByType = Map.copyOf(scopes);
    this.unpinnedHistory = historyOf(unpinned);
  }

  private static Set<HistoryScope> historyOf(List<CompiledRule> candidates) {
    Set<HistoryScope> scopes = EnumSet.noneOf(HistoryScope.class);
    candidates.forEach(rule -> scopes.addAll(rule.history()));
    return Collections.unmodifiableSet(scopes);
  }

  public long version() {
    return version;
  }

  /** The document as written, for showing the policy back to an admin. */
  public PolicyDocument document() {
    return document;
  }

  public List<String> ruleIds() {
    return rules.stream().map(CompiledRule::id).toList();
  }

  /** Whether any rule reads {@code history.*}; when none does, no rule check queries the database. */
  public boolean readsHistory() {
    return rules.stream().anyMatch(CompiledRule::readsHistory);
  }

  /** Who may request and approve {@code actionType}; empty when the policy does not restrict it. */
  public Optional<PolicyDocument.Permission> permission(String actionType) {
    Map<String, PolicyDocument.Permission> permissions = document.permissions();
    return Optional.ofNullable(permissions == null ? null : permissions.get(actionType));
  }

  /** The rules that can match {@code actionType}, in policy order. */
  List<CompiledRule> rulesFor(String actionType) {
    return byType.getOrDefault(actionType, unpinned);
  }

  /** What the rules that can match {@code actionType} read of {@code history.*}. */
  Set<HistoryScope> historyFor(String actionType) {
    return historyByType.getOrDefault(actionType, unpinnedHistory);
  }
}

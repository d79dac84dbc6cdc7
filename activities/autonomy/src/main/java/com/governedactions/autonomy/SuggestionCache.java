package com.governedactions.autonomy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The suggestions this process answered most recently, by id, so that one can be proposed after
 * it was read. Bounded: the oldest go first. Another process (or a restart) knows none of them:
 * GET /autonomy again gives the same ids for the same evidence.
 */
final class SuggestionCache {
  static final int KEPT = 1_000;

  private final Map<String, Suggestion> byId =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Suggestion> eldest) {
          return size() > KEPT;
        }
      };

  synchronized void put(Suggestion suggestion) {
    byId.put(suggestion.id(), suggestion);
  }

  synchronized Optional<Suggestion> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}

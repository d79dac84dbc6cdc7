package com.governedactions.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one tag's values to a bounded set: the first {@code limit} distinct values pass, any later
 * one becomes {@value #OTHER}. Action types and operation names come from configuration and are few;
 * this is the guard that a misconfiguration (or a value that should never have been a tag) cannot
 * grow the number of series without bound. No lock: a race at the limit admits a value or two more.
 */
public final class BoundedTag {
  public static final String OTHER = "other";
  public static final String NONE = "none";

  private final int limit;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  public BoundedTag(int limit) {
    this.limit = limit;
  }

  public String of(String value) {
    if (value == null || value.isEmpty()) {
      return NONE;
    }
    if (admitted.contains(value)) {
      return value;
    }
    if (admitted.size() >= limit) {
      return OTHER;
    }
    admitted.add(value);
    return value;
  }
}

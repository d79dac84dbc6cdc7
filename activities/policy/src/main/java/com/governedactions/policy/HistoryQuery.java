package com.governedactions.policy;

import java.time.Instant;

/**
 * Whose history a rule check needs, and as of when.
 *
 * @param actionId the action being decided; never counted in its own history
 * @param actorType {@code ai} or {@code human}
 * @param orderId the request's {@code params.orderId}, or null when it has none
 * @param asOf the end of every window: 24 h means [asOf - 24 h, asOf]
 */
public record HistoryQuery(
    String actionId, String customerId, String actorType, String actorId, String orderId, Instant asOf) {

  boolean has(HistoryScope scope) {
    return switch (scope) {
      case CUSTOMER -> present(customerId);
      case ACTOR -> present(actorId);
      case ORDER -> present(orderId);
    };
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}

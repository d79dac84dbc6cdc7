package com.governedactions.policy;

import java.util.Map;
import java.util.Optional;

/** An action in words, for people outside the chat (Slack approvers): "Refund USD 89.50 to order A-1001". */
public final class ActionTexts {
  private ActionTexts() {}

  /** The type's confirmation question as a statement; empty for an unknown type or unusable params. */
  public static Optional<String> readable(ActionCatalog catalog, String type, Map<String, Object> params) {
    return catalog.find(type).flatMap(actionType -> {
      try {
        String question = ActionParams.confirmationText(actionType, params == null ? Map.of() : params);
        return Optional.of(question.endsWith("?") ? question.substring(0, question.length() - 1) : question);
      } catch (RuntimeException unusable) {
        return Optional.empty(); // a parameter the template needs is missing or malformed
      }
    });
  }
}

package com.governedactions.reversal;

import com.governedactions.action.ActionIds;
import com.governedactions.action.PlannedStep;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActionType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * What may be reversed, until when, and under which id. One reversal per action: its request id is
 * derived from the original's, so a second request finds the first reversal instead of starting
 * another, and only that reversal's run may compensate (see {@link ReversalConnector}).
 */
@Component
@EnableConfigurationProperties(ReversalProperties.class)
public class Reversals {
  private static final String PREFIX = "reverse.";
  private static final int MAX_REQUEST_ID = 128;

  private final ActionCatalog catalog;
  private final ReversalProperties properties;

  public Reversals(ActionCatalog catalog, ReversalProperties properties) {
    this.catalog = catalog;
    this.properties = properties;
  }

  /** The request id of the one reversal of the action that {@code originalRequestId} started. */
  public static String reversalRequestId(String originalRequestId) {
    String id = PREFIX + originalRequestId;
    return id.length() <= MAX_REQUEST_ID ? id : PREFIX + sha256(originalRequestId).substring(0, 64);
  }

  public static String reversalActionId(String originalRequestId) {
    return ActionIds.actionIdFor(reversalRequestId(originalRequestId));
  }

  /** Why an action of {@code type} can never be reversed, or empty when it can (within its window). */
  public Optional<String> whyNotReversible(String type) {
    if (ActionCatalog.REVERSAL.equals(type)) {
      return Optional.of("a reversal cannot itself be reversed");
    }
    Optional<ActionType> actionType = catalog.find(type);
    if (actionType.isEmpty()) {
      return Optional.of("action type '" + type + "' is not in the catalog");
    }
    List<String> irreversible = actionType.get().plan().stream()
        .filter(step -> step.compensation() == null)
        .map(PlannedStep::operation)
        .toList();
    if (!irreversible.isEmpty()) {
      return Optional.of("action type '" + type + "' has no compensation for " + String.join(", ", irreversible));
    }
    if (!properties.windows().containsKey(type)) {
      return Optional.of("action type '" + type + "' has no reversal window (governed.reversal.windows." + type + ")");
    }
    return Optional.empty();
  }

  /** The window of a type {@link #whyNotReversible} accepts. */
  public Duration window(String type) {
    return properties.windows().get(type);
  }

  /** When an action of {@code type} that SUCCEEDED at {@code succeededAt} stops being reversible. */
  public Instant closesAt(String type, Instant succeededAt) {
    return succeededAt.plus(window(type));
  }

  /** The plan whose compensations a reversal runs, last step first. */
  List<PlannedStep> plan(String type) {
    return catalog.find(type).map(ActionType::plan).orElse(List.of());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

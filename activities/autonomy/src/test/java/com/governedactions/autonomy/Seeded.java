package com.governedactions.autonomy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Customer;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.AuditTestSupport;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A history written by the real audit writer into the real test database, in a random day of the
 * 1990s with ids of its own, so rows of other tests fall outside the window.
 */
final class Seeded {
  static final ActionCatalog CATALOG = new ActionCatalog();
  static final PolicyCompiler COMPILER = new PolicyCompiler(CATALOG);

  final String prefix = AuditTestSupport.uniquePrefix("autonomy");
  final Instant from =
      Instant.parse("1991-01-01T00:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextLong(0, 8 * 365)));
  final Instant to = from.plus(Duration.ofDays(1));
  private final AuditActivities writer = AuditTestSupport.writer();
  private int requests;

  static String defaultPolicy() {
    try (InputStream in = ActionCatalog.class.getClassLoader().getResourceAsStream("policy/default-policy.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PolicyDocument defaultDocument() {
    return COMPILER.parse(defaultPolicy());
  }

  String bot(String name) {
    return prefix + name;
  }

  /** An AI actor's request at {@code from + minute}, then {@code steps} a minute apart each. */
  String action(String type, String actor, String amount, int minute, AuditEventType... steps) {
    String actionId = prefix + "a" + (++requests);
    Instant at = from.plus(Duration.ofMinutes(minute));
    Map<String, Object> params = type.equals("refund")
        ? Map.of("orderId", "A-" + requests, "amount", amount, "currency", "USD", "reason", "damaged")
        : Map.of("orderId", "A-" + requests, "amount", amount, "currency", "USD");
    ActionRequest request = new ActionRequest(actionId, type, params, new Actor(ActorType.AI, actor, List.of()),
        new Customer(prefix + "c" + requests, "regular", "otp"), prefix + "conv", "chat", "chat-backend");
    List<AuditEvent> events = new ArrayList<>();
    events.add(event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING, at, AuditEvent.AUTO));
    for (AuditEventType step : steps) {
      ActionStatus status = switch (step) {
        case APPROVAL_REQUESTED, APPROVED -> ActionStatus.AWAITING_APPROVAL;
        case REJECTED -> ActionStatus.REJECTED;
        case APPROVAL_TIMED_OUT -> ActionStatus.EXPIRED;
        case REVERSED -> ActionStatus.REVERSED;
        case COMPENSATED -> ActionStatus.FAILED;
        default -> ActionStatus.SUCCEEDED;
      };
      String by = step == AuditEventType.APPROVED || step == AuditEventType.REJECTED ? "sup-1" : AuditEvent.AUTO;
      events.add(event(request, actionId, events.size() + 1, step, status,
          at.plus(Duration.ofMinutes(events.size() * 10L)), by));
    }
    writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), at, events));
    return actionId;
  }

  String approvedRefund(String actor, String amount, int minute, AuditEventType... after) {
    List<AuditEventType> steps = new ArrayList<>(List.of(AuditEventType.APPROVAL_REQUESTED, AuditEventType.APPROVED,
        AuditEventType.EXECUTION_STARTED, AuditEventType.SUCCEEDED));
    steps.addAll(List.of(after));
    return action("refund", actor, amount, minute, steps.toArray(AuditEventType[]::new));
  }

  private static AuditEvent event(ActionRequest request, String actionId, int seq, AuditEventType type,
      ActionStatus status, Instant at, String by) {
    return new AuditEvent(actionId, seq, at, type, request.type(), status, request.actor().id(), by,
        request.conversationId(), request.customer().id(), request.params(), null, null, null, 1L, List.of(), null, null);
  }

  void delete() {
    AuditTestSupport.deleteActionsStartingWith(prefix);
  }
}

package com.governedactions.audit;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Customer;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Requests, events and batches as the workflow sends them. */
public final class AuditFixtures {
  static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");

  private AuditFixtures() {}

  public static ActionRequest refund(String requestId, String conversationId) {
    return request(requestId, "refund", conversationId,
        Map.of("orderId", "A-1001", "amount", "89.50", "currency", "USD", "reason", "damaged"));
  }

  static ActionRequest request(
      String requestId, String type, String conversationId, Map<String, Object> params) {
    return new ActionRequest(
        requestId,
        type,
        params,
        new Actor(ActorType.AI, "support-bot", List.of()),
        new Customer("C-42", "vip", "otp"),
        conversationId,
        "chat",
        "chat-backend");
  }

  public static AuditEvent event(
      ActionRequest request, String actionId, int seq, AuditEventType type, ActionStatus status) {
    return event(request, actionId, seq, type, status, null);
  }

  public static AuditEvent event(
      ActionRequest request,
      String actionId,
      int seq,
      AuditEventType type,
      ActionStatus status,
      String detail) {
    return new AuditEvent(
        actionId,
        seq,
        CREATED.plus(seq, ChronoUnit.SECONDS),
        type,
        request.type(),
        status,
        request.actor().id(),
        AuditEvent.AUTO,
        request.conversationId(),
        request.customer().id(),
        request.params(),
        null,
        null,
        null,
        7L,
        List.of("refund-confirm"),
        detail,
        null);
  }

  public static AuditBatch batch(String actionId, ActionRequest request, AuditEvent... events) {
    return batch(actionId, request, CREATED, events);
  }

  public static AuditBatch batch(
      String actionId, ActionRequest request, Instant createdAt, AuditEvent... events) {
    return new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), createdAt, List.of(events));
  }
}

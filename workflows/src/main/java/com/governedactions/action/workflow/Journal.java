package com.governedactions.action.workflow;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.ConsentReceipt;
import com.governedactions.action.Decision;
import com.governedactions.action.HumanInput;
import com.governedactions.action.audit.ApprovalStage;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The action's audit events in the order they happened, numbered 1, 2, ... without gaps, and which
 * of them are written. Pure: the workflow hands it the audit activity to {@link #flush} through.
 */
final class Journal {
  private final String actionId;
  private final ActionRequest request;
  private final String requestHash;
  private final Instant createdAt;
  private final List<AuditEvent> events = new ArrayList<>();
  private int writtenUpTo;

  Journal(String actionId, ActionRequest request, String requestHash, Instant createdAt) {
    this.actionId = actionId;
    this.request = request;
    this.requestHash = requestHash;
    this.createdAt = createdAt;
  }

  /**
   * What happened, apart from when and in which state.
   *
   * @param detail the system's explanation
   * @param note words a person wrote, which the audit writer treats as free text
   * @param consent the consent receipt as of this event; null when the event is no confirmation's
   */
  record Entry(
      AuditEventType type, String decidedBy, Integer statusCode, String summary, Long durationMs, String detail,
      String note, ConsentReceipt consent) {
    Entry(AuditEventType type, String decidedBy, Integer statusCode, String summary, Long durationMs, String detail,
        String note) {
      this(type, decidedBy, statusCode, summary, durationMs, detail, note, null);
    }

    /** The same entry carrying {@code receipt}; null leaves it without one. */
    Entry withConsent(ConsentReceipt receipt) {
      return new Entry(type, decidedBy, statusCode, summary, durationMs, detail, note, receipt);
    }

    static Entry of(AuditEventType type, String decidedBy, String detail) {
      return new Entry(type, decidedBy, null, null, null, detail, null);
    }

    static Entry auto(AuditEventType type, String detail) {
      return of(type, AuditEvent.AUTO, detail);
    }

    /** An input separation of duties refused: who tried, what, and why not. */
    static Entry refused(HumanInput input, SeparationOfDuties.Verdict verdict) {
      return of(AuditEventType.INPUT_REFUSED, input.by() == null ? "unknown" : input.by(),
          input.kind() + " refused (" + verdict.refusal() + "): " + verdict.reason());
    }

    static Entry note(AuditEventType type, String decidedBy, String note) {
      return new Entry(type, decidedBy, null, null, null, null, note);
    }

    /** A connector call's outcome; {@code operation} is its detail. */
    static Entry step(AuditEventType type, Integer statusCode, String summary, long durationMs, String operation) {
      return new Entry(type, AuditEvent.AUTO, statusCode, summary, durationMs, operation, null);
    }
  }

  /** Not yet written events, and the count to pass to {@link #written(int)} once they are. */
  record Pending(List<AuditEvent> events, int upTo) {}

  /** Appends {@code entry} as the next event; {@code status} is the action's status after it. */
  AuditEvent append(Entry entry, Instant at, ActionStatus status, Decision decision) {
    AuditEvent event =
        new AuditEvent(
            actionId,
            events.size() + 1,
            at,
            entry.type(),
            request.type(),
            status,
            // A raw Temporal start may name no actor; the action is then denied, audited.
            request.actor() == null ? null : request.actor().id(),
            entry.decidedBy(),
            request.conversationId(),
            request.customer() == null ? null : request.customer().id(),
            request.params(),
            entry.statusCode(),
            entry.summary(),
            entry.durationMs(),
            decision == null ? null : decision.policyVersion(),
            decision == null ? List.of() : decision.rules(),
            entry.detail(),
            entry.note(),
            entry.consent());
    events.add(event);
    return event;
  }

  /**
   * Writes the events not yet written through {@code audit}, with {@code approval} as of the last
   * of them; nothing when there are none. Concurrent writes may overlap: the store takes the same
   * event from the same run again as a no-op. A failed write leaves the events pending.
   */
  void flush(AuditActivities audit, ApprovalStage approval, String runId) {
    Pending pending = pending();
    if (pending.events().isEmpty()) {
      return;
    }
    audit.record(new AuditBatch(actionId, request, requestHash, createdAt, pending.events(), approval, runId));
    written(pending.upTo());
  }

  /** Events not yet written; empty when there are none. */
  Pending pending() {
    int upTo = events.size();
    return new Pending(upTo <= writtenUpTo ? List.of() : List.copyOf(events.subList(writtenUpTo, upTo)), upTo);
  }

  /**
   * Events up to {@code upTo} are stored. Concurrent writes may overlap (the store takes the same
   * event again as a no-op), so a write that finishes late never moves the mark back.
   */
  void written(int upTo) {
    writtenUpTo = Math.max(writtenUpTo, upTo);
  }

  List<AuditEvent> events() {
    return List.copyOf(events);
  }
}

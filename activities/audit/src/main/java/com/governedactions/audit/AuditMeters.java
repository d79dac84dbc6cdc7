package com.governedactions.audit;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.observability.BoundedTag;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The meters the audit writer records, because it sees every event of every action once it is
 * stored (docs/operations.md). Only events a write found new count: a retried batch whose events are
 * already stored counts nothing, and workflow code (which a replay runs again) records nothing.
 *
 * <ul>
 *   <li>{@code governed_actions_total{type,effect,status}}: actions that reached a terminal status;
 *   <li>{@code governed_approval_wait_seconds{type,outcome}}: from the first approval request to
 *       the decision (approved, rejected, timed_out, cancelled), recorded when the action ends;
 *   <li>{@code governed_approval_sla_breaches_total{type}}: every approval tier whose SLA ran out;
 *   <li>{@code governed_audit_batch_events}, {@code governed_audit_group_batches}: events per
 *       batch, batches per commit;
 *   <li>{@code governed_audit_lag_seconds}: from an event (workflow time) to its commit.
 * </ul>
 */
final class AuditMeters {
  static final String ACTIONS = "governed.actions";
  static final String APPROVAL_WAIT = "governed.approval.wait";
  static final String SLA_BREACHES = "governed.approval.sla.breaches";
  static final String BATCH_EVENTS = "governed.audit.batch.events";
  static final String GROUP_BATCHES = "governed.audit.group.batches";
  static final String LAG = "governed.audit.lag";
  static final String UNKNOWN = "unknown";

  private static final Logger log = LoggerFactory.getLogger(AuditMeters.class);

  /** The events that close an action when they carry a terminal status (not INPUT_REFUSED after it). */
  private static final Set<AuditEventType> CLOSING = EnumSet.of(
      AuditEventType.DENIED, AuditEventType.ESCALATED, AuditEventType.CANCELLED,
      AuditEventType.CONFIRMATION_TIMED_OUT, AuditEventType.APPROVAL_TIMED_OUT, AuditEventType.REJECTED,
      AuditEventType.FAILED, AuditEventType.SUCCEEDED, AuditEventType.REVERSED);

  /** What the effect and the approval wait are read from. */
  static final Set<AuditEventType> DECISIVE = EnumSet.of(
      AuditEventType.AUTO_FIRED, AuditEventType.CONFIRMATION_REQUESTED, AuditEventType.APPROVAL_REQUESTED,
      AuditEventType.APPROVED, AuditEventType.REJECTED, AuditEventType.APPROVAL_TIMED_OUT,
      AuditEventType.CANCELLED, AuditEventType.DENIED, AuditEventType.ESCALATED);

  private static final String DECISIVE_EVENTS =
      "SELECT event_type, occurred_at FROM governed.audit_event WHERE action_id = ? AND event_type IN ("
          + String.join(", ", DECISIVE.stream().map(type -> "'" + type.name() + "'").toList())
          + ") ORDER BY seq";

  /** One event of a trail, as far as the meters need it. */
  record TrailEvent(AuditEventType type, Instant occurredAt) {}

  /** How the policy let the action go, and how long it waited for approval, if it did. */
  record Course(String effect, Optional<Duration> approvalWait, String approvalOutcome) {}

  private record ActionKey(String type, String effect, ActionStatus status) {}

  private record WaitKey(String type, String outcome) {}

  private final MeterRegistry registry;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final BoundedTag types = new BoundedTag(200);
  private final Map<ActionKey, Counter> actions = new ConcurrentHashMap<>();
  private final Map<WaitKey, Timer> waits = new ConcurrentHashMap<>();
  private final Map<String, Counter> breaches = new ConcurrentHashMap<>();
  private final DistributionSummary batchEvents;
  private final DistributionSummary groupBatches;
  private final Timer lag;
  /**
   * The decisive events seen so far of actions whose trail this process has written from seq 1:
   * an action that ends here is tagged from memory, without reading its trail back (one query per
   * action halved the audit writer's ingest rate). Bounded; an action not found (another worker
   * wrote its start, or it was evicted) is read from the database as before.
   */
  private final Map<String, List<TrailEvent>> openTrails =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1_024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<TrailEvent>> eldest) {
          return size() > OPEN_TRAILS;
        }
      });
  static final int OPEN_TRAILS = 20_000;

  AuditMeters(MeterRegistry registry, JdbcTemplate jdbc, Clock clock) {
    this.registry = registry;
    this.jdbc = jdbc;
    this.clock = clock;
    this.batchEvents = DistributionSummary.builder(BATCH_EVENTS)
        .description("Events per audit batch written")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
        .register(registry);
    this.groupBatches = DistributionSummary.builder(GROUP_BATCHES)
        .description("Audit batches per shared commit (group commit)")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
        .register(registry);
    this.lag = Timer.builder(LAG)
        .description("From an audit event (workflow time) to its commit")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  void groupCommitted(int batches) {
    groupBatches.record(batches);
  }

  /**
   * After a batch committed: {@code written} are its events, {@code fresh} tells which were new.
   * Never throws for a database problem: the batch is stored, a meter must not fail its activity.
   */
  void committed(String actionType, String actionId, List<AuditEvent> written, AuditAppender.Fresh fresh) {
    batchEvents.record(written.size());
    Instant oldest = null;
    AuditEvent closing = null;
    boolean wholeTrail = false;
    for (AuditEvent event : written) {
      if (!fresh.isNew(event)) {
        continue;
      }
      if (oldest == null || event.occurredAt().isBefore(oldest)) {
        oldest = event.occurredAt();
      }
      wholeTrail |= event.seq() == 1;
      if (event.type() == AuditEventType.APPROVAL_TIMED_OUT) {
        breaches.computeIfAbsent(types.of(actionType), this::breachCounter).increment();
      }
      if (CLOSING.contains(event.type()) && event.status() != null && event.status().isTerminal()) {
        closing = event;
      }
    }
    if (oldest == null) {
      return; // a retry: everything was stored before, and counted then
    }
    lag.record(Duration.between(oldest, clock.instant()).abs());
    List<TrailEvent> decisive = written.stream()
        .filter(e -> fresh.isNew(e) && DECISIVE.contains(e.type()))
        .map(e -> new TrailEvent(e.type(), e.occurredAt()))
        .toList();
    List<TrailEvent> seen = remember(actionId, wholeTrail, decisive, closing != null);
    if (closing == null || actionType == null) {
      return;
    }
    List<TrailEvent> trail = seen != null ? seen : storedTrail(actionId);
    Course course = trail == null ? new Course(UNKNOWN, Optional.empty(), null) : course(trail);
    String type = types.of(actionType);
    actions.computeIfAbsent(new ActionKey(type, course.effect(), closing.status()), this::actionCounter).increment();
    course.approvalWait().ifPresent(wait ->
        waits.computeIfAbsent(new WaitKey(type, course.approvalOutcome()), this::waitTimer).record(wait));
  }

  /**
   * Adds this batch's decisive events to what is remembered of the action's trail; returns the
   * whole remembered trail when it is known from seq 1 (and forgets it once the action closed),
   * null when this process did not see the trail's start.
   */
  private List<TrailEvent> remember(String actionId, boolean fromStart, List<TrailEvent> decisive, boolean closed) {
    synchronized (openTrails) {
      List<TrailEvent> known = fromStart ? new ArrayList<>() : openTrails.get(actionId);
      if (known == null) {
        return null;
      }
      known.addAll(decisive);
      if (closed) {
        openTrails.remove(actionId);
      } else {
        openTrails.put(actionId, known);
      }
      return known;
    }
  }

  /** The trail's decisive events in seq order; null if the database cannot say just now. */
  private List<TrailEvent> storedTrail(String actionId) {
    try {
      return jdbc.query(DECISIVE_EVENTS, (rs, n) -> new TrailEvent(
          AuditEventType.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant()), actionId);
    } catch (DataAccessException e) {
      log.debug("cannot read the trail of {} for its meters: {}", actionId, e.getMessage());
      return null;
    }
  }

  /**
   * The effect: {@code require_approval} if an approval was asked for, else {@code
   * require_confirmation} if a confirmation was, else how the rule check let it go ({@code allow},
   * {@code deny}, {@code escalate}). The approval wait: from the first approval request to the last
   * approval decision after it.
   */
  static Course course(List<TrailEvent> trail) {
    String first = UNKNOWN;
    boolean confirmation = false;
    Instant approvalRequested = null;
    TrailEvent decided = null;
    for (TrailEvent event : trail) {
      switch (event.type()) {
        case AUTO_FIRED -> first = first.equals(UNKNOWN) ? "allow" : first;
        case DENIED -> first = first.equals(UNKNOWN) ? "deny" : first;
        case ESCALATED -> first = first.equals(UNKNOWN) ? "escalate" : first;
        case CONFIRMATION_REQUESTED -> confirmation = true;
        case APPROVAL_REQUESTED -> approvalRequested = approvalRequested == null ? event.occurredAt() : approvalRequested;
        case APPROVED, REJECTED, APPROVAL_TIMED_OUT, CANCELLED -> {
          if (approvalRequested != null) {
            decided = event;
          }
        }
        default -> {}
      }
    }
    if (approvalRequested == null) {
      return new Course(confirmation ? "require_confirmation" : first, Optional.empty(), null);
    }
    if (decided == null) {
      return new Course("require_approval", Optional.empty(), null);
    }
    String outcome = switch (decided.type()) {
      case APPROVED -> "approved";
      case REJECTED -> "rejected";
      case APPROVAL_TIMED_OUT -> "timed_out";
      default -> "cancelled";
    };
    return new Course(
        "require_approval", Optional.of(Duration.between(approvalRequested, decided.occurredAt()).abs()), outcome);
  }

  private Counter actionCounter(ActionKey key) {
    return Counter.builder(ACTIONS)
        .description("Actions that reached a terminal status, by type, policy effect and status")
        .tag("type", key.type())
        .tag("effect", key.effect())
        .tag("status", key.status().name())
        .register(registry);
  }

  private Timer waitTimer(WaitKey key) {
    return Timer.builder(APPROVAL_WAIT)
        .description("Time an action waited for its approval decision")
        .tag("type", key.type())
        .tag("outcome", key.outcome())
        .serviceLevelObjectives(
            Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3),
            Duration.ofDays(7))
        .register(registry);
  }

  private Counter breachCounter(String type) {
    return Counter.builder(SLA_BREACHES)
        .description("Approval tiers whose SLA ran out")
        .tag("type", type)
        .register(registry);
  }
}

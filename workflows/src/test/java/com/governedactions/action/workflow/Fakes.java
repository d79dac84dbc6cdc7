package com.governedactions.action.workflow;

import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.connector.ConnectorActivities;
import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.action.connector.StepCommand;
import com.governedactions.action.connector.StepFailure;
import com.governedactions.action.connector.StepOutcome;
import com.governedactions.action.directory.DirectoryActivities;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.action.directory.PrincipalLookup;
import com.governedactions.action.policy.EvaluateCommand;
import com.governedactions.action.policy.Evaluation;
import com.governedactions.action.policy.RuleActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** In-memory stand-ins for the activities, recording what the workflow asked of them. */
final class Fakes {
  private Fakes() {}

  static final class Rules implements RuleActivities {
    volatile Function<EvaluateCommand, Evaluation> decide;

    Rules(Function<EvaluateCommand, Evaluation> decide) {
      this.decide = decide;
    }

    @Override
    public Evaluation evaluate(EvaluateCommand command) {
      return decide.apply(command);
    }
  }

  static final class Directory implements DirectoryActivities {
    private final Map<String, PrincipalInfo> principals =
        Map.of(
            "alice", human("alice", "SUPERVISOR"),
            "bob", human("bob", "SUPERVISOR"),
            "carol", human("carol", "SUPERVISOR"),
            "maria", human("maria", "MANAGER"),
            "dave", human("dave", "AGENT"),
            "sam", human("sam", "AGENT", "SUPERVISOR"),
            "chat-backend", new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND")));

    private static PrincipalInfo human(String id, String... roles) {
      return new PrincipalInfo(id, true, true, List.of(roles));
    }

    @Override
    public PrincipalInfo lookup(PrincipalLookup lookup) {
      return principals.getOrDefault(lookup.principalId(), PrincipalInfo.unknown(lookup.principalId()));
    }
  }

  /** Keeps events by (action id, sequence), as the real store's unique key does. */
  static final class Audit implements AuditActivities {
    private final Map<String, AuditEvent> byKey = new ConcurrentHashMap<>();
    final AtomicInteger conflictingRewrites = new AtomicInteger();
    final List<AuditBatch> batches = new CopyOnWriteArrayList<>();

    /** Set: every write is refused as the real store refuses a conflicting event, and nothing is kept. */
    volatile boolean conflicting;

    @Override
    public void record(AuditBatch batch) {
      if (conflicting) {
        throw ApplicationFailure.newNonRetryableFailure(
            "event seq 1 of " + batch.actionId() + " is already stored with other content",
            ConnectorErrors.AUDIT_CONFLICT.type());
      }
      batches.add(batch);
      for (AuditEvent event : batch.events()) {
        AuditEvent earlier = byKey.putIfAbsent(event.actionId() + "#" + event.seq(), event);
        if (earlier != null && !earlier.equals(event)) {
          conflictingRewrites.incrementAndGet();
        }
      }
    }

    List<AuditEvent> events(String actionId) {
      List<AuditEvent> events = new ArrayList<>();
      byKey.values().stream().filter(e -> e.actionId().equals(actionId)).forEach(events::add);
      events.sort(Comparator.comparingInt(AuditEvent::seq));
      return events;
    }
  }

  /**
   * An idempotent connector: a repeated key returns the first outcome. Operations can be made to
   * fail transiently a number of times, or to refuse for good.
   */
  static final class Connector implements ConnectorActivities {
    final List<StepCommand> calls = new CopyOnWriteArrayList<>();
    final List<StepCommand> compensations = new CopyOnWriteArrayList<>();
    final Map<String, StepOutcome> effects = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> transientFailures = new ConcurrentHashMap<>();
    final Set<String> refusing = Collections.newSetFromMap(new ConcurrentHashMap<>());

    void failTransiently(String operation, int times) {
      transientFailures.put(operation, new AtomicInteger(times));
    }

    void refuse(String operation) {
      refusing.add(operation);
    }

    @Override
    public StepOutcome execute(StepCommand command) {
      calls.add(command);
      AtomicInteger left = transientFailures.get(command.operation());
      if (left != null && left.getAndDecrement() > 0) {
        throw ApplicationFailure.newFailure(
            "503 from " + command.operation(), ConnectorErrors.UNAVAILABLE.type(), new StepFailure(503, "service unavailable"));
      }
      if (refusing.contains(command.operation())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "409 from " + command.operation(), ConnectorErrors.REFUSED.type(), new StepFailure(409, "order_shipped"));
      }
      return effects.computeIfAbsent(
          command.idempotencyKey(),
          key -> new StepOutcome(201, command.operation() + " done", Map.of("id", "fx-" + effects.size())));
    }

    @Override
    public StepOutcome compensate(StepCommand command) {
      compensations.add(command);
      return new StepOutcome(200, command.operation() + " done", Map.of());
    }
  }
}

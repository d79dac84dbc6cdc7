package com.governedactions.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each alert kind against the real audit store: raised when it should be, not when it should not,
 * and never twice. Every test works in its own random hour of the 1990s with ids of its own, so
 * rows of other tests in the same database fall outside what the detectors scan.
 */
class AlertDetectionTest {
  private static final JdbcClient DB = AuditTestSupport.client();

  private final String prefix = AuditTestSupport.uniquePrefix("alerts");
  private final Instant now =
      Instant.parse("1995-01-01T00:00:00Z").plus(Duration.ofHours(ThreadLocalRandom.current().nextLong(0, 5 * 365 * 24)));
  private final AuditActivities writer = AuditTestSupport.writer();
  private final AlertProperties properties =
      new AlertProperties(
          true, Duration.ofMinutes(1), Duration.ofHours(1),
          new AlertProperties.Rate(Duration.ofHours(1), Duration.ofHours(10), 3, 3),
          new AlertProperties.RubberStamp(Duration.ofSeconds(5), 3, Duration.ofHours(2)),
          new AlertProperties.Denials(3, Duration.ofMinutes(30)),
          new AlertProperties.SplitRefunds(new BigDecimal("50.00"), 2, Duration.ofHours(2)));
  private final AlertDetector detector = new AlertDetector(DB, properties);
  private final AlertStore store = new AlertStore(DB, writer, AuditTestSupport.transactions());
  private final AlertScheduler scheduler = new AlertScheduler(detector, store);
  private int requests;

  @AfterEach
  void deleteRows() {
    List<Long> alerts = DB.sql("SELECT id FROM governed.alert WHERE subject LIKE :p")
        .param("p", "%" + prefix + "%").query(Long.class).list();
    for (long id : alerts) {
      // The alert's own audit stream is append-only for the service: removed as the owner.
      AuditTestSupport.deleteAction("alert-" + id);
      DB.sql("DELETE FROM governed.alert WHERE id = :id").param("id", id).update();
    }
    AuditTestSupport.deleteActionsStartingWith(prefix);
  }

  // ------------------------------------------------------------------ fixtures

  private record Step(AuditEventType type, ActionStatus status, Duration after, String by) {}

  private static Step step(AuditEventType type, ActionStatus status, Duration after, String by) {
    return new Step(type, status, after, by);
  }

  /** An action requested at {@code at}, with its events, written by the real audit writer. */
  private String action(String type, String actor, String customer, String conversation, String amount, Instant at,
      Step... steps) {
    String actionId = prefix + "a" + (++requests);
    Map<String, Object> params = amount == null ? Map.of("orderId", "A-1") : Map.of("orderId", "A-1", "amount", amount, "currency", "USD");
    ActionRequest request = new ActionRequest(actionId, type, params, new Actor(ActorType.AI, actor, List.of()),
        new Customer(customer, "regular", "otp"), conversation, "chat", "chat-backend");
    List<AuditEvent> events = new ArrayList<>();
    events.add(event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING, at, AuditEvent.AUTO));
    for (Step step : steps) {
      events.add(event(request, actionId, events.size() + 1, step.type(), step.status(), at.plus(step.after()), step.by()));
    }
    writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), at, events));
    return actionId;
  }

  private static AuditEvent event(ActionRequest request, String actionId, int seq, AuditEventType type,
      ActionStatus status, Instant at, String by) {
    return new AuditEvent(actionId, seq, at, type, request.type(), status, request.actor().id(), by,
        request.conversationId(), request.customer().id(), request.params(), null, null, null, 1L, List.of(), null, null);
  }

  private String refund(String actor, String customer, String amount, Instant at) {
    return action("refund", actor, customer, prefix + "conv", amount, at);
  }

  private String approved(String approver, Instant at, Duration reviewTime) {
    return action("refund", prefix + "bot", prefix + "cust", prefix + "conv", "80.00", at,
        step(AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL, Duration.ofSeconds(1), AuditEvent.AUTO),
        step(AuditEventType.APPROVED, ActionStatus.AWAITING_APPROVAL, Duration.ofSeconds(1).plus(reviewTime), approver));
  }

  private String rejected(String approver, Instant at) {
    return action("refund", prefix + "bot", prefix + "cust", prefix + "conv", "80.00", at,
        step(AuditEventType.APPROVAL_REQUESTED, ActionStatus.AWAITING_APPROVAL, Duration.ofSeconds(1), AuditEvent.AUTO),
        step(AuditEventType.REJECTED, ActionStatus.REJECTED, Duration.ofMinutes(10), approver));
  }

  private String denied(String conversation, Instant at) {
    return action("refund", prefix + "bot", prefix + "cust", conversation, "900.00", at,
        step(AuditEventType.DENIED, ActionStatus.DENIED, Duration.ofMillis(20), AuditEvent.AUTO));
  }

  /** Detects and stores as the scheduler does; the alerts about this test's subjects, newest first. */
  private List<Alert> run() {
    scheduler.raiseAll(detector.detect(now), now);
    return mine(null);
  }

  private List<Alert> mine(AlertKind kind) {
    return store.list(kind, AlertStore.MAX_LIMIT, null).items().stream()
        .filter(alert -> alert.subject().contains(prefix)).toList();
  }

  private List<Alert> ofKind(List<Alert> alerts, AlertKind kind) {
    return alerts.stream().filter(a -> a.kind() == kind).toList();
  }

  // ------------------------------------------------------------------ unusual rate

  @Test
  void given_actorFarAboveItsUsualRate_when_detected_then_oneAlertForTheActorAndOneForTheCustomer() {
    String bot = prefix + "burst-bot";
    String customer = prefix + "burst-cust";
    List<String> burst = List.of(
        refund(bot, customer, "10.00", now.minus(Duration.ofMinutes(30))),
        refund(bot, customer, "10.00", now.minus(Duration.ofMinutes(20))),
        refund(bot, customer, "10.00", now.minus(Duration.ofMinutes(10))));

    List<Alert> rate = ofKind(run(), AlertKind.UNUSUAL_RATE);

    assertThat(rate).extracting(Alert::subject).containsExactlyInAnyOrder("actor:" + bot, "customer:" + customer);
    assertThat(rate).allSatisfy(alert -> {
      assertThat(alert.actionIds()).containsExactlyElementsOf(burst);
      assertThat(alert.actionType()).isEqualTo("refund");
      assertThat(alert.details()).containsEntry("count", 3);
      assertThat(alert.summary()).contains("refund 3 times within PT1H");
    });
  }

  @Test
  void given_actorAtItsUsualRate_when_detected_then_noRateAlert() {
    String bot = prefix + "steady-bot";
    for (int hour = 1; hour <= 10; hour++) {
      for (int i = 0; i < 3; i++) {
        refund(bot, prefix + "c" + hour + "-" + i, "10.00", now.minus(Duration.ofHours(hour)).minus(Duration.ofMinutes(10L * i + 5)));
      }
    }
    for (int i = 0; i < 3; i++) {
      refund(bot, prefix + "now-" + i, "10.00", now.minus(Duration.ofMinutes(10L * i + 5)));
    }

    assertThat(ofKind(run(), AlertKind.UNUSUAL_RATE)).extracting(Alert::subject).doesNotContain("actor:" + bot);
  }

  @Test
  void given_fewerThanTheMinimumCount_when_detected_then_noRateAlert() {
    String bot = prefix + "quiet-bot";
    refund(bot, prefix + "q1", "10.00", now.minus(Duration.ofMinutes(20)));
    refund(bot, prefix + "q2", "10.00", now.minus(Duration.ofMinutes(10)));

    assertThat(ofKind(run(), AlertKind.UNUSUAL_RATE)).isEmpty();
  }

  // ------------------------------------------------------------------ rubber stamps

  @Test
  void given_approvalSecondsAfterTheRequest_when_detected_then_fastApprovalAlertNamesTheApprover() {
    String approver = prefix + "quick";
    String fast = approved(approver, now.minus(Duration.ofMinutes(30)), Duration.ofSeconds(2));
    approved(approver, now.minus(Duration.ofMinutes(20)), Duration.ofMinutes(10));

    List<Alert> alerts = ofKind(run(), AlertKind.FAST_APPROVAL);

    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.subject()).isEqualTo("approver:" + approver);
      assertThat(alert.actionIds()).containsExactly(fast);
      assertThat(alert.summary()).contains("PT2S");
    });
  }

  @Test
  void given_approverWhoApprovesEverything_when_detected_then_alertLinksTheApprovals() {
    String approver = prefix + "yes-man";
    List<String> approvals = List.of(
        approved(approver, now.minus(Duration.ofMinutes(90)), Duration.ofMinutes(5)),
        approved(approver, now.minus(Duration.ofMinutes(60)), Duration.ofMinutes(5)),
        approved(approver, now.minus(Duration.ofMinutes(30)), Duration.ofMinutes(5)));

    List<Alert> alerts = ofKind(run(), AlertKind.APPROVES_EVERYTHING);

    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.subject()).isEqualTo("approver:" + approver);
      assertThat(alert.actionIds()).containsExactlyElementsOf(approvals);
      assertThat(alert.details()).containsEntry("approved", 3).containsEntry("rejected", 0);
    });
  }

  @Test
  void given_approverWhoAlsoRejects_when_detected_then_noApprovesEverythingAlert() {
    String approver = prefix + "careful";
    approved(approver, now.minus(Duration.ofMinutes(100)), Duration.ofMinutes(5));
    rejected(approver, now.minus(Duration.ofMinutes(80)));
    approved(approver, now.minus(Duration.ofMinutes(60)), Duration.ofMinutes(5));
    approved(approver, now.minus(Duration.ofMinutes(30)), Duration.ofMinutes(5));

    assertThat(ofKind(run(), AlertKind.APPROVES_EVERYTHING)).isEmpty();
  }

  // ------------------------------------------------------------------ denials

  @Test
  void given_repeatedDenialsInOneConversation_when_detected_then_alertLinksThem() {
    String conversation = prefix + "injected";
    List<String> denials = List.of(
        denied(conversation, now.minus(Duration.ofMinutes(20))),
        denied(conversation, now.minus(Duration.ofMinutes(15))),
        denied(conversation, now.minus(Duration.ofMinutes(10))));

    List<Alert> alerts = ofKind(run(), AlertKind.REPEATED_DENIALS);

    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.subject()).isEqualTo("conversation:" + conversation);
      assertThat(alert.actionIds()).containsExactlyElementsOf(denials);
      assertThat(alert.summary()).contains("3 denied requests");
    });
  }

  @Test
  void given_denialsSpreadWiderThanTheWindow_when_detected_then_noAlert() {
    String conversation = prefix + "slow";
    denied(conversation, now.minus(Duration.ofMinutes(80)));
    denied(conversation, now.minus(Duration.ofMinutes(45)));
    denied(conversation, now.minus(Duration.ofMinutes(10)));
    denied(prefix + "other", now.minus(Duration.ofMinutes(5)));

    assertThat(ofKind(run(), AlertKind.REPEATED_DENIALS)).isEmpty();
  }

  // ------------------------------------------------------------------ split refunds

  @Test
  void given_refundsEachUnderTheThresholdSummingOverIt_when_detected_then_splitRefundAlert() {
    String customer = prefix + "splitter";
    List<String> refunds = List.of(
        refund(prefix + "bot-1", customer, "45.00", now.minus(Duration.ofMinutes(50))),
        refund(prefix + "bot-2", customer, "44.50", now.minus(Duration.ofMinutes(40))));

    List<Alert> alerts = ofKind(run(), AlertKind.SPLIT_REFUNDS);

    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.subject()).isEqualTo("customer:" + customer);
      assertThat(alert.actionIds()).containsExactlyElementsOf(refunds);
      assertThat(alert.details()).containsEntry("total", "89.50").containsEntry("currency", "USD");
    });
  }

  @Test
  void given_smallRefundsUnderTheThresholdInTotal_or_oneLargeRefund_when_detected_then_noSplitAlert() {
    refund(prefix + "bot", prefix + "modest", "20.00", now.minus(Duration.ofMinutes(50)));
    refund(prefix + "bot", prefix + "modest", "20.00", now.minus(Duration.ofMinutes(40)));
    refund(prefix + "bot", prefix + "big", "60.00", now.minus(Duration.ofMinutes(50)));
    refund(prefix + "bot", prefix + "big", "5.00", now.minus(Duration.ofMinutes(40)));

    assertThat(ofKind(run(), AlertKind.SPLIT_REFUNDS)).isEmpty();
  }

  // ------------------------------------------------------------------ once, and audited

  @Test
  void given_findingAlreadyRaised_when_detectedAgainLater_then_notRaisedTwice() {
    String conversation = prefix + "twice";
    for (int i = 3; i >= 1; i--) {
      denied(conversation, now.minus(Duration.ofMinutes(5L * i)));
    }
    List<Alert> first = run();

    List<Finding> again = detector.detect(now.plus(Duration.ofMinutes(1)));
    int raisedAgain = scheduler.raiseAll(again, now.plus(Duration.ofMinutes(1)));

    assertThat(again).extracting(Finding::subject).contains("conversation:" + conversation);
    assertThat(raisedAgain).isZero();
    assertThat(mine(null)).isEqualTo(first);
    assertThat(ofKind(first, AlertKind.REPEATED_DENIALS)).singleElement()
        .extracting(Alert::subject).isEqualTo("conversation:" + conversation);
  }

  @Test
  void given_raisedAlert_when_stored_then_recordedAsItsOwnAuditStreamWithoutTouchingTheActions() {
    String conversation = prefix + "audited";
    List<String> denials = new ArrayList<>();
    for (int i = 3; i >= 1; i--) {
      denials.add(denied(conversation, now.minus(Duration.ofMinutes(5L * i))));
    }
    Alert alert = run().get(0);

    Map<String, Object> event = DB.sql(
            "SELECT seq, event_type, status, detail, conversation_id, params::text AS params FROM governed.audit_event WHERE action_id = :s")
        .param("s", alert.auditStream()).query().singleRow();
    assertThat(alert.auditStream()).isEqualTo("alert-" + alert.id());
    assertThat(event).containsEntry("seq", 1).containsEntry("event_type", "ALERT_RAISED")
        .containsEntry("detail", alert.summary()).containsEntry("conversation_id", conversation);
    assertThat(event.get("status")).isNull();
    assertThat((String) event.get("params")).contains(denials.get(0), "REPEATED_DENIALS");
    assertThat(DB.sql("SELECT count(*) FROM governed.action WHERE action_id = :s").param("s", alert.auditStream())
        .query(Long.class).single()).isZero();
    assertThat(DB.sql("SELECT max(seq) FROM governed.audit_event WHERE action_id = :a").param("a", denials.get(0))
        .query(Integer.class).single()).as("the action's own stream is untouched").isEqualTo(2);
  }

  @Test
  void given_alertsOfSeveralKinds_when_listedByKind_then_onlyThatKindNewestFirst() {
    String customer = prefix + "mixed";
    refund(prefix + "bot-1", customer, "45.00", now.minus(Duration.ofMinutes(50)));
    refund(prefix + "bot-2", customer, "45.00", now.minus(Duration.ofMinutes(40)));
    String conversation = prefix + "mixed-conv";
    for (int i = 3; i >= 1; i--) {
      denied(conversation, now.minus(Duration.ofMinutes(5L * i)));
    }
    List<Alert> all = run();

    assertThat(all).extracting(Alert::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(mine(AlertKind.SPLIT_REFUNDS)).isNotEmpty().allSatisfy(a -> assertThat(a.kind()).isEqualTo(AlertKind.SPLIT_REFUNDS));
    assertThat(mine(AlertKind.REPEATED_DENIALS)).singleElement().extracting(Alert::subject).isEqualTo("conversation:" + conversation);
  }
}

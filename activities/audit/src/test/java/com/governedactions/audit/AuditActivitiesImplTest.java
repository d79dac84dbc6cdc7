package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.CREATED;
import static com.governedactions.audit.AuditFixtures.batch;
import static com.governedactions.audit.AuditFixtures.event;
import static com.governedactions.audit.AuditFixtures.refund;
import static com.governedactions.audit.AuditFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.connector.ConnectorErrors;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

class AuditActivitiesImplTest {
  private final String prefix = TestDatabase.uniquePrefix("audit");
  private final AuditActivitiesImpl writer =
      TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_sameBatchWrittenTwice_when_recorded_then_eachEventIsStoredOnce() {
    String actionId = prefix + "twice";
    ActionRequest request = refund(actionId, "conv-1");
    AuditBatch batch =
        batch(actionId, request,
            event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
            event(request, actionId, 2, AuditEventType.CONFIRMATION_REQUESTED,
                ActionStatus.AWAITING_CONFIRMATION));

    writer.record(batch);
    List<Map<String, Object>> first = eventRows(actionId);
    writer.record(batch);

    assertThat(eventRows(actionId)).hasSize(2).isEqualTo(first);
  }

  @Test
  void given_batchResentWithOneNewEvent_when_recorded_then_onlyTheNewEventIsAdded() {
    String actionId = prefix + "resent";
    ActionRequest request = refund(actionId, "conv-1");
    AuditEvent requested = event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING);
    AuditEvent asked =
        event(request, actionId, 2, AuditEventType.CONFIRMATION_REQUESTED,
            ActionStatus.AWAITING_CONFIRMATION);
    writer.record(batch(actionId, request, requested));
    long firstId = TestDatabase.JDBC.queryForObject(
        "SELECT id FROM governed.audit_event WHERE action_id = ? AND seq = 1", Long.class, actionId);

    writer.record(batch(actionId, request, requested, asked));

    assertThat(seqs(actionId)).containsExactly(1, 2);
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT id FROM governed.audit_event WHERE action_id = ? AND seq = 1", Long.class, actionId))
        .as("the first event is the row written the first time, not a rewrite")
        .isEqualTo(firstId);
  }

  @Test
  void given_seqGap_when_recorded_then_bothEventsAreStored() {
    String actionId = prefix + "gap";
    ActionRequest request = refund(actionId, "conv-1");

    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 4, AuditEventType.DENIED, ActionStatus.DENIED)));

    assertThat(seqs(actionId)).containsExactly(1, 4);
  }

  @Test
  void given_sameEventTwiceInOneBatch_when_recorded_then_storedOnce() {
    String actionId = prefix + "dupseq";
    ActionRequest request = refund(actionId, "conv-1");
    AuditEvent requested = event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING);

    writer.record(batch(actionId, request, requested, requested));

    assertThat(eventRows(actionId)).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("event_type", "REQUESTED"));
  }

  @Test
  void given_twoDifferentEventsWithOneSeqInOneBatch_when_recorded_then_refusedAsAConflictAndNothingStored() {
    String actionId = prefix + "dupseq-different";
    ActionRequest request = refund(actionId, "conv-1");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> writer.record(batch(actionId,
        request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 1, AuditEventType.DENIED, ActionStatus.DENIED))));

    assertThat(failure.getType()).isEqualTo(ConnectorErrors.AUDIT_CONFLICT.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("two different events with seq 1");
    assertThat(eventRows(actionId)).isEmpty();
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT count(*) FROM governed.action WHERE action_id = ?", Integer.class, actionId))
        .isZero();
  }

  @Test
  void given_event_when_recorded_then_everyFieldIsStored() {
    String actionId = prefix + "fields";
    ActionRequest request = request(actionId, "reschedule_delivery", "conv-9",
        Map.of("orderId", "A-7", "slot", "2025-03-04"));
    AuditEvent failed = new AuditEvent(actionId, 3, CREATED.plusMillis(1500), AuditEventType.STEP_FAILED,
        "reschedule_delivery", ActionStatus.EXECUTING, "support-bot", "alice", "conv-9", "C-42",
        request.params(), 503, "orders: service unavailable", 1234L, 7L,
        List.of("reschedule-ok", "vip-fast"), "step 0 failed, will retry", null);

    writer.record(batch(actionId, request, failed));

    Map<String, Object> row = TestDatabase.JDBC.queryForMap(
        "SELECT *, params::text AS params_json FROM governed.audit_event WHERE action_id = ?", actionId);
    assertThat(row)
        .containsEntry("seq", 3)
        .containsEntry("event_type", "STEP_FAILED")
        .containsEntry("action_type", "reschedule_delivery")
        .containsEntry("status", "EXECUTING")
        .containsEntry("requester", "support-bot")
        .containsEntry("decided_by", "alice")
        .containsEntry("conversation_id", "conv-9")
        .containsEntry("customer_id", "C-42")
        .containsEntry("connector_status", 503)
        .containsEntry("connector_summary", "orders: service unavailable")
        .containsEntry("duration_ms", 1234L)
        .containsEntry("policy_version", 7L)
        .containsEntry("detail", "step 0 failed, will retry")
        .containsEntry("params_json", "{\"slot\": \"2025-03-04\", \"orderId\": \"A-7\"}");
    assertThat(instant(row.get("occurred_at"))).isEqualTo(CREATED.plusMillis(1500));
    assertThat(row.get("recorded_at")).isNotNull();
    assertThat(textArray(row.get("rule_ids"))).containsExactly("reschedule-ok", "vip-fast");
  }

  @Test
  void given_firstBatch_when_recorded_then_theActionRowIsCreatedFromTheRequest() {
    String actionId = prefix + "created";
    ActionRequest request = refund("req-" + actionId, "conv-81");

    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.CONFIRMATION_REQUESTED,
            ActionStatus.AWAITING_CONFIRMATION)));

    Map<String, Object> row = actionRow(actionId);
    assertThat(row)
        .containsEntry("request_id", "req-" + actionId)
        .containsEntry("type", "refund")
        .containsEntry("status", "AWAITING_CONFIRMATION")
        .containsEntry("actor_type", "ai")
        .containsEntry("actor_id", "support-bot")
        .containsEntry("customer_id", "C-42")
        .containsEntry("conversation_id", "conv-81")
        .containsEntry("channel", "chat")
        .containsEntry("currency", "USD")
        .containsEntry("request_hash", CanonicalHash.ofRequest(request))
        .containsEntry("last_seq", 2);
    assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("89.50");
    assertThat(instant(row.get("created_at"))).isEqualTo(CREATED);
    assertThat(instant(row.get("updated_at"))).isEqualTo(CREATED.plusSeconds(2));
  }

  @Test
  void given_firstBatch_when_recorded_then_theOrderAndTheRedactedRequestAreKeptForHistoryAndReplay() {
    String actionId = prefix + "replayable";
    ActionRequest request = refund("req-" + actionId, "conv-81");

    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING)));

    Map<String, Object> row = TestDatabase.JDBC.queryForMap(
        "SELECT order_id, request->>'type' AS type, request->'actor'->>'type' AS actor_type,"
            + " request->'customer'->>'segment' AS segment, request->'params'->>'amount' AS amount,"
            + " request->'params'->'reason'->>'redacted' AS reason FROM governed.action WHERE action_id = ?",
        actionId);
    assertThat(row)
        .containsEntry("order_id", "A-1001")
        .containsEntry("type", "refund")
        .containsEntry("actor_type", "ai")
        .containsEntry("segment", "vip")
        .containsEntry("amount", "89.50")
        // refund is destructive: its free-text reason is stored as metadata, like in the events
        .containsEntry("reason", "free-text");
  }

  @Test
  void given_laterBatch_when_recorded_then_statusMovesForward() {
    String actionId = prefix + "forward";
    ActionRequest request = refund(actionId, "conv-1");
    writer.record(batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.CONFIRMATION_REQUESTED,
            ActionStatus.AWAITING_CONFIRMATION)));

    writer.record(batch(actionId, request,
        event(request, actionId, 3, AuditEventType.CONFIRMED, ActionStatus.EXECUTING),
        event(request, actionId, 4, AuditEventType.SUCCEEDED, ActionStatus.SUCCEEDED)));

    assertThat(actionRow(actionId))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("last_seq", 4);
    assertThat(instant(actionRow(actionId).get("updated_at"))).isEqualTo(CREATED.plusSeconds(4));
    assertThat(instant(actionRow(actionId).get("created_at"))).isEqualTo(CREATED);
  }

  @Test
  void given_olderBatchResentAfterANewerOne_when_recorded_then_statusIsNotRewound() {
    String actionId = prefix + "rewind";
    ActionRequest request = refund(actionId, "conv-1");
    AuditBatch older = batch(actionId, request,
        event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, actionId, 2, AuditEventType.CONFIRMATION_REQUESTED,
            ActionStatus.AWAITING_CONFIRMATION));
    writer.record(older);
    writer.record(batch(actionId, request,
        event(request, actionId, 3, AuditEventType.CANCELLED, ActionStatus.CANCELLED)));

    writer.record(older);

    assertThat(actionRow(actionId))
        .containsEntry("status", "CANCELLED")
        .containsEntry("last_seq", 3);
    assertThat(instant(actionRow(actionId).get("updated_at"))).isEqualTo(CREATED.plusSeconds(3));
    assertThat(seqs(actionId)).containsExactly(1, 2, 3);
  }

  @Test
  void given_actionRowCannotBeWritten_when_recorded_then_noEventIsWrittenEither() {
    String actionId = prefix + "atomic";
    // numeric(19,4) holds at most 15 integer digits: the action upsert fails after the events
    ActionRequest request = request(actionId, "refund", "conv-1",
        Map.of("amount", "1000000000000000000", "currency", "USD"));

    assertThatThrownBy(() -> writer.record(batch(actionId, request,
            event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING))))
        .isInstanceOf(DataAccessException.class);

    assertThat(seqs(actionId)).isEmpty();
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT count(*) FROM governed.action WHERE action_id = ?", Long.class, actionId))
        .isZero();
  }

  @Test
  void given_amountThatIsNotADecimal_when_recorded_then_refusedWithWhatToFixAndNothingWritten() {
    String actionId = prefix + "badamount";
    ActionRequest request = request(actionId, "refund", "conv-1",
        Map.of("amount", "ten dollars", "currency", "USD"));

    assertThatThrownBy(() -> writer.record(batch(actionId, request,
            event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("params.amount must be a decimal string");
    assertThat(seqs(actionId)).isEmpty();
  }

  @Test
  void given_eventOfAnotherAction_when_recorded_then_refused() {
    String actionId = prefix + "mixed";
    ActionRequest request = refund(actionId, "conv-1");

    assertThatThrownBy(() -> writer.record(batch(actionId, request,
            event(request, prefix + "other", 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names action " + prefix + "other");
    assertThat(seqs(actionId)).isEmpty();
  }

  @Test
  void given_actionEventWithoutItsRequest_when_recorded_then_refusedAndNothingWritten() {
    String actionId = prefix + "no-request";
    ActionRequest request = refund(actionId, "conv-1");
    AuditEvent requested = event(request, actionId, 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING);

    assertThatThrownBy(() -> writer.record(new AuditBatch(actionId, null, null, CREATED, List.of(requested))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch.request is required");
    assertThat(seqs(actionId)).isEmpty();
  }

  @Test
  void given_streamThatIsNotAnAction_when_recorded_then_eventStoredWithoutStatusOrListRow() {
    String streamId = prefix + "alert";
    AuditEvent raised = new AuditEvent(streamId, 1, CREATED, AuditEventType.ALERT_RAISED, "refund", null, null,
        AuditEvent.AUTO, "conv-1", "C-42", Map.of("kind", "REPEATED_DENIALS", "apiKey", "sk_PLANTED"), null, null,
        null, null, List.of(), "3 denials", null);

    writer.record(new AuditBatch(streamId, null, null, CREATED, List.of(raised)));
    writer.record(new AuditBatch(streamId, null, null, CREATED, List.of(raised)));

    assertThat(seqs(streamId)).containsExactly(1);
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT status IS NULL AND params::text NOT LIKE '%sk_PLANTED%' FROM governed.audit_event WHERE action_id = ?",
            Boolean.class, streamId))
        .as("no status, and redacted like any event").isTrue();
    assertThat(TestDatabase.JDBC.queryForObject(
            "SELECT count(*) FROM governed.action WHERE action_id = ?", Long.class, streamId)).isZero();
  }

  @Test
  void given_plantedSecrets_when_recorded_then_neitherTableContainsAnyOfThem() {
    String actionId = prefix + "secrets";
    Map<String, Object> params = Map.of(
        "orderId", "A-1001",
        "amount", "89.50",
        "currency", "USD",
        "reason", "customer says card 4111 1111 1111 1111 was charged twice",
        "payment", Map.of("apiKey", "sk_live_PLANTED1", "cards", List.of("5500-0000-0000-0004"),
            "display", "card 4242 4242 4242 4242 exp 12 26"),
        "auth", Map.of("token", "tok_PLANTED2", "password", "hunter2PLANTED3", "cvv", "737"));
    ActionRequest request = request(actionId, "refund", "conv-1", params);
    AuditEvent rejected = new AuditEvent(actionId, 5, CREATED, AuditEventType.REJECTED, "refund",
        ActionStatus.REJECTED, "support-bot", "alice", "conv-1", "C-42", params, 402,
        "payments said {\"token\":\"tok_PLANTED4\"} for card 4000056655665556", 12L, 7L,
        List.of("refund-medium"), "rejected by alice", "customer is a known fraudster PLANTED5");

    writer.record(batch(actionId, request, rejected));

    String stored = TestDatabase.JDBC.queryForObject(
        "SELECT row_to_json(e)::text FROM governed.audit_event e WHERE action_id = ?",
        String.class, actionId)
        + TestDatabase.JDBC.queryForObject(
            "SELECT row_to_json(a)::text FROM governed.action a WHERE action_id = ?",
            String.class, actionId);
    assertThat(stored)
        .doesNotContain("4111 1111 1111 1111", "5500-0000-0000-0004", "4242 4242 4242 4242")
        .doesNotContain("4000056655665556", "PLANTED", "charged twice", "fraudster")
        .contains("****-****-****-0004", "**** **** **** 4242 exp 12 26", "************5556");
    assertThat(TestDatabase.JDBC.queryForMap(
            "SELECT params->'auth'->>'cvv' AS cvv, params->'reason'->>'redacted' AS reason,"
                + " note::jsonb->>'redacted' AS note FROM governed.audit_event WHERE action_id = ?",
            actionId))
        .containsEntry("cvv", Redactor.MASK)
        .containsEntry("reason", "free-text")
        .containsEntry("note", "free-text");
  }

  @Test
  void given_equalParamsOnEventsOfDestructiveAndOrdinaryTypes_when_recorded_then_eachRedactedForItsOwnType() {
    String actionId = prefix + "shared-params";
    ActionRequest request = refund(actionId, "conv-shared");
    Map<String, Object> params = Map.of("orderId", "A-1", "reason", "customer says the box was wet");
    AuditEvent ordinary = new AuditEvent(actionId, 1, CREATED, AuditEventType.REQUESTED, "lookup_order",
        ActionStatus.EVALUATING, "bot", AuditEvent.AUTO, "conv-shared", "C-1", params, null, null, null, 7L,
        List.of(), null, null);
    AuditEvent destructive = new AuditEvent(actionId, 2, CREATED.plusSeconds(1), AuditEventType.AUTO_FIRED,
        "refund", ActionStatus.EXECUTING, "bot", AuditEvent.AUTO, "conv-shared", "C-1", Map.copyOf(params), null,
        null, null, 7L, List.of(), null, null);

    writer.record(batch(actionId, request, ordinary, destructive));

    assertThat(TestDatabase.JDBC.queryForList(
            "SELECT coalesce(params->'reason'->>'redacted', params->>'reason') FROM governed.audit_event"
                + " WHERE action_id = ? ORDER BY seq", String.class, actionId))
        .containsExactly("customer says the box was wet", "free-text");
  }

  private static List<Map<String, Object>> eventRows(String actionId) {
    return TestDatabase.JDBC.queryForList(
        "SELECT id, seq, event_type, status, occurred_at, params::text AS params FROM governed.audit_event"
            + " WHERE action_id = ? ORDER BY seq",
        actionId);
  }

  private static List<Integer> seqs(String actionId) {
    return TestDatabase.JDBC.queryForList(
        "SELECT seq FROM governed.audit_event WHERE action_id = ? ORDER BY seq", Integer.class, actionId);
  }

  private static Map<String, Object> actionRow(String actionId) {
    return TestDatabase.JDBC.queryForMap("SELECT * FROM governed.action WHERE action_id = ?", actionId);
  }

  private static Instant instant(Object timestamp) {
    return ((Timestamp) timestamp).toInstant();
  }

  private static List<String> textArray(Object array) {
    try {
      return List.of((String[]) ((Array) array).getArray());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every kind of tampering an owner can do (with the triggers off) is found, for every event: each
 * tamper runs in a transaction on one connection, the verifier reads through it, and it is rolled
 * back, so the next one starts from the intact trail.
 */
class AuditTamperTest {
  @TempDir static Path checkpoints;
  private static Trail trail;
  private static SingleConnectionDataSource connection;
  private static JdbcTemplate owner;
  private static AuditVerifier verifier;
  private static List<Map<String, Object>> events;
  private static final Instant AT = Instant.parse("2026-01-05T09:00:00.123456Z");

  @BeforeAll
  static void writeTrail() {
    trail = new Trail(checkpoints);
    trail.write("action-a", 1, 3, AT);
    trail.write("action-b", 1, 2, AT);
    trail.write("action-b", 3, 5, AT);
    trail.write("action-c", 1, 4, AT);
    assertThat(trail.checkpointer.checkpoint()).isPresent();
    trail.write("action-c", 5, 6, AT); // after the checkpoint: only the keyed hashes guard these
    trail.write("action-d", 1, 2, AT);
    connection = new SingleConnectionDataSource(trail.db.url, TestDatabase.USER, "", true);
    owner = new JdbcTemplate(connection);
    verifier = trail.verifier(owner);
    events = owner.queryForList("SELECT id, action_id, seq FROM governed.audit_event ORDER BY action_id, seq");
  }

  @AfterAll
  static void drop() {
    connection.destroy();
    trail.close();
  }

  @Test
  void given_untouchedTrail_when_verified_then_okWithEveryEventChecked() {
    assertThat(verifier.verify(trail.outside())).isEqualTo(AuditVerification.ok(events.size()));
    assertThat(events).hasSize(16);
  }

  @Test
  void given_anyEventEdited_when_verified_then_thatEventIsReported() {
    List<String> edits = List.of("detail = 'changed'", "status = 'SUCCEEDED'", "decided_by = 'mallory'",
        "params = '{\"amount\": \"1.00\"}'", "occurred_at = occurred_at + interval '1 second'",
        "rule_ids = '{}'", "note = 'added'", "recorded_at = recorded_at - interval '1 day'", "duration_ms = 1");
    for (Map<String, Object> event : events) {
      for (String edit : edits) {
        AuditVerification result = tampered(jdbc ->
            jdbc.update("UPDATE governed.audit_event SET " + edit + " WHERE id = ?", event.get("id")));
        assertBrokenAt(result, event, edit);
        assertThat(result.broken().reason()).contains("does not match the event's content");
      }
    }
  }

  @Test
  void given_anyEventsConsentReceiptEditedAddedOrRemoved_when_verified_then_thatEventIsReported() {
    List<Map<String, Object>> withReceipt = owner.queryForList(
        "SELECT id, action_id, seq FROM governed.audit_event WHERE consent IS NOT NULL ORDER BY action_id, seq");
    assertThat(withReceipt).as("the trail holds receipts to tamper with").isNotEmpty();
    List<String> edits = List.of(
        "consent = jsonb_set(consent, '{text}', '\"Refund USD 8.95 to order A-1?\"')",
        "consent = jsonb_set(consent, '{state}', '\"CONFIRMED\"')",
        "consent = consent - 'agreedTo'",
        "consent = NULL");
    for (Map<String, Object> event : withReceipt) {
      for (String edit : edits) {
        AuditVerification result = tampered(jdbc ->
            jdbc.update("UPDATE governed.audit_event SET " + edit + " WHERE id = ?", event.get("id")));
        assertBrokenAt(result, event, edit);
      }
    }
    for (Map<String, Object> event : events) {
      if (withReceipt.contains(event)) {
        continue;
      }
      AuditVerification result = tampered(jdbc -> jdbc.update(
          "UPDATE governed.audit_event SET consent = (SELECT consent FROM governed.audit_event WHERE consent IS NOT"
              + " NULL LIMIT 1) WHERE id = ?", event.get("id")));
      assertBrokenAt(result, event, "a receipt added");
    }
  }

  @Test
  void given_anyEventEditedAndItsChainRehashedWithoutTheKey_when_verified_then_found() {
    for (Map<String, Object> event : events) {
      AuditVerification result = tampered(jdbc -> {
        jdbc.update("UPDATE governed.audit_event SET detail = 'changed' WHERE id = ?", event.get("id"));
        rehash(jdbc, (String) event.get("action_id"), (Integer) event.get("seq"),
            new AuditKey("guess", "a key that is not the service's key!"));
      });
      assertBrokenAt(result, event, "rehashed");
    }
  }

  @Test
  void given_anyEventDeleted_when_verified_then_found() {
    for (Map<String, Object> event : events) {
      AuditVerification result = tampered(jdbc ->
          jdbc.update("DELETE FROM governed.audit_event WHERE id = ?", event.get("id")));
      assertThat(result.ok()).as("deleting %s", event).isFalse();
      assertThat(result.broken().actionId()).as("deleting %s", event).isEqualTo(event.get("action_id"));
    }
  }

  @Test
  void given_aCheckpointedTailDeletedAndTheHeadRewound_when_verified_then_theCheckpointFindsIt() {
    AuditVerification result = tampered(jdbc -> {
      jdbc.update("DELETE FROM governed.audit_event WHERE action_id = 'action-b' AND seq = 5");
      jdbc.update("UPDATE governed.audit_chain_head h SET seq = e.seq, hash = e.hash FROM governed.audit_event e"
          + " WHERE h.action_id = 'action-b' AND e.action_id = 'action-b' AND e.seq = 4");
    });
    assertThat(result.ok()).isFalse();
    assertThat(result.broken().actionId()).isEqualTo("action-b");
    assertThat(result.broken().seq()).isEqualTo(5);
    assertThat(result.broken().reason()).contains("checkpoint").contains("deleted");
  }

  @Test
  void given_eventInsertedAnywhere_when_verified_then_found() {
    for (Map<String, Object> event : events) {
      // a copy of the event under a new seq just after it (the chain allows gaps) or past the end
      AuditVerification result = tampered(jdbc -> {
        jdbc.update("UPDATE governed.audit_event SET seq = seq * 10 WHERE action_id = ?", event.get("action_id"));
        jdbc.update("INSERT INTO governed.audit_event (action_id, seq, occurred_at, recorded_at, event_type, status,"
                + " rule_ids, prev_hash, hash) SELECT action_id, seq + 1, occurred_at, recorded_at, event_type, status,"
                + " rule_ids, hash, hash FROM governed.audit_event WHERE id = ?", event.get("id"));
        jdbc.update("UPDATE governed.audit_event SET seq = seq / 10 WHERE action_id = ? AND seq % 10 = 0",
            event.get("action_id"));
      });
      assertThat(result.ok()).as("inserting after %s", event).isFalse();
      assertThat(result.broken().actionId()).isEqualTo(event.get("action_id"));
    }
  }

  @Test
  void given_forgedEventAppendedWithTheHeadMoved_when_verified_then_itsHashGivesItAway() {
    AuditVerification result = tampered(jdbc -> {
      jdbc.update("INSERT INTO governed.audit_event (action_id, seq, occurred_at, event_type, status, prev_hash, hash)"
          + " SELECT action_id, 7, now(), 'APPROVED', 'SUCCEEDED', hash, sha256(hash) FROM governed.audit_event"
          + " WHERE action_id = 'action-c' AND seq = 6");
      rehash(jdbc, "action-c", 7, new AuditKey("guess", "a key that is not the service's key!"));
    });
    assertThat(result.ok()).isFalse();
    assertThat(result.broken().actionId()).isEqualTo("action-c");
  }

  @Test
  void given_anyTwoNeighboursSwapped_when_verified_then_found() {
    for (int i = 0; i + 1 < events.size(); i++) {
      Map<String, Object> first = events.get(i);
      Map<String, Object> second = events.get(i + 1);
      if (!first.get("action_id").equals(second.get("action_id"))) {
        continue;
      }
      AuditVerification result = tampered(jdbc -> {
        jdbc.update("UPDATE governed.audit_event SET seq = seq + 1000 WHERE id IN (?, ?)", first.get("id"), second.get("id"));
        jdbc.update("UPDATE governed.audit_event SET seq = ? WHERE id = ?", first.get("seq"), second.get("id"));
        jdbc.update("UPDATE governed.audit_event SET seq = ? WHERE id = ?", second.get("seq"), first.get("id"));
      });
      assertThat(result.ok()).as("swapping %s and %s", first, second).isFalse();
      assertThat(result.broken().actionId()).isEqualTo(first.get("action_id"));
      assertThat(result.broken().seq()).isEqualTo(first.get("seq"));
    }
  }

  @Test
  void given_wholeTrailRewrittenAndCheckpointsDropped_when_verifiedWithTheOutsideCheckpoint_then_found() {
    AuditKey attackersKey = new AuditKey("dev-only", "the attacker chose a key of her own!!");
    Consumer<JdbcTemplate> rewrite = jdbc -> {
      jdbc.update("DELETE FROM governed.audit_checkpoint_head");
      jdbc.update("DELETE FROM governed.audit_checkpoint");
      jdbc.update("UPDATE governed.audit_event SET detail = 'nothing happened'");
      for (String action : List.of("action-a", "action-b", "action-c", "action-d")) {
        rehash(jdbc, action, 1, trail.integrity.auditKey()); // even with the real key
      }
    };
    assertThat(trail.outside()).isPresent();
    assertThat(tampered(rewrite, Optional.empty()).ok()).as("the database alone cannot tell").isTrue();

    AuditVerification result = tampered(rewrite, trail.outside());

    assertThat(result.ok()).isFalse();
    assertThat(result.broken().reason()).contains("kept outside the database, is missing");
    assertThat(attackersKey.keyId()).isEqualTo("dev-only");
  }

  @Test
  void given_wholeTrailRewrittenKeepingTheCheckpoints_when_verified_then_theCheckpointHeadsGiveItAway() {
    AuditVerification result = tampered(jdbc -> {
      jdbc.update("UPDATE governed.audit_event SET detail = 'nothing happened'");
      for (String action : List.of("action-a", "action-b", "action-c", "action-d")) {
        rehash(jdbc, action, 1, trail.integrity.auditKey());
      }
    });
    assertThat(result.ok()).isFalse();
    assertThat(result.broken().reason()).contains("checkpoint 1 signed this event");
  }

  @Test
  void given_checkpointForged_when_verified_then_found() {
    AuditVerification result = tampered(jdbc ->
        jdbc.update("UPDATE governed.audit_checkpoint SET head_count = head_count + 1"));
    assertThat(result.ok()).isFalse();
    assertThat(result.broken().reason()).contains("checkpoint 1 is not signed");
  }

  @Test
  void given_untouchedTrail_when_oneActionIsVerified_then_okWithItsEventsChecked() {
    assertThat(verifier.verifyAction("action-b")).isEqualTo(AuditVerification.ok(5));
    assertThat(verifier.verifyAction("action-c")).isEqualTo(AuditVerification.ok(6));
    assertThat(verifier.verifyAction("action-unknown")).isEqualTo(AuditVerification.ok(0));
  }

  @Test
  void given_anyEventEditedOrDeleted_when_itsActionIsVerified_then_foundThere_andOtherActionsStayOk() {
    for (Map<String, Object> event : events) {
      String actionId = (String) event.get("action_id");
      String other = actionId.equals("action-a") ? "action-d" : "action-a";
      List<AuditVerification> edited = tamperedAction(jdbc ->
          jdbc.update("UPDATE governed.audit_event SET detail = 'changed' WHERE id = ?", event.get("id")), actionId, other);
      assertBrokenAt(edited.get(0), event, "edited");
      assertThat(edited.get(1).ok()).as("%s beside an edit of %s", other, event).isTrue();

      AuditVerification deleted = tamperedAction(jdbc ->
          jdbc.update("DELETE FROM governed.audit_event WHERE id = ?", event.get("id")), actionId).get(0);
      assertThat(deleted.ok()).as("deleting %s", event).isFalse();
      assertThat(deleted.broken().actionId()).as("deleting %s", event).isEqualTo(actionId);
    }
  }

  @Test
  void given_theTailDeletedAndTheHeadLeft_when_theActionIsVerified_then_theHeadGivesItAway() {
    AuditVerification result = tamperedAction(jdbc ->
        jdbc.update("DELETE FROM governed.audit_event WHERE action_id = 'action-d' AND seq = 2"), "action-d").get(0);
    assertThat(result.ok()).isFalse();
    assertThat(result.broken().reason()).contains("the chain head names seq 2 but the chain ends at seq 1");
  }

  private static void assertBrokenAt(AuditVerification result, Map<String, Object> event, String what) {
    assertThat(result.ok()).as("%s of %s", what, event).isFalse();
    assertThat(result.broken())
        .as("%s of %s", what, event)
        .isEqualTo(new AuditVerification.Broken((String) event.get("action_id"), (Integer) event.get("seq"),
            (Long) event.get("id"), result.broken().reason()));
  }

  /** What an owner would do to hide a change: recompute the action's chain from a seq on, and its head. */
  private static void rehash(JdbcTemplate jdbc, String actionId, int fromSeq, AuditKey key) {
    byte[] prev = jdbc.query("SELECT hash FROM governed.audit_event WHERE action_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1",
        rows -> rows.next() ? rows.getBytes(1) : AuditChainHash.GENESIS, actionId, fromSeq);
    List<AuditRecord> chain = jdbc.query("SELECT " + AuditRecord.COLUMNS + " FROM governed.audit_event"
        + " WHERE action_id = ? AND seq >= ? ORDER BY seq", (row, n) -> AuditRecord.read(row), actionId, fromSeq);
    for (AuditRecord event : chain) {
      AuditRecord linked = event.withPrevHash(prev);
      prev = linked.hash(key);
      jdbc.update("UPDATE governed.audit_event SET prev_hash = ?, hash = ? WHERE id = ?", linked.prevHash(), prev,
          event.id());
    }
    jdbc.update("UPDATE governed.audit_chain_head SET seq = ?, hash = ? WHERE action_id = ?",
        chain.get(chain.size() - 1).seq(), prev, actionId);
  }

  private static AuditVerification tampered(Consumer<JdbcTemplate> tamper) {
    return tampered(tamper, trail.outside());
  }

  private static AuditVerification tampered(Consumer<JdbcTemplate> tamper, Optional<Checkpoint> outside) {
    return new TransactionTemplate(new DataSourceTransactionManager(connection)).execute(status -> {
      status.setRollbackOnly();
      owner.execute("SET LOCAL session_replication_role = replica"); // the owner turns the triggers off
      tamper.accept(owner);
      return verifier.verify(outside);
    });
  }

  private static List<AuditVerification> tamperedAction(Consumer<JdbcTemplate> tamper, String... actionIds) {
    return new TransactionTemplate(new DataSourceTransactionManager(connection)).execute(status -> {
      status.setRollbackOnly();
      owner.execute("SET LOCAL session_replication_role = replica");
      tamper.accept(owner);
      return java.util.Arrays.stream(actionIds).map(verifier::verifyAction).toList();
    });
  }
}

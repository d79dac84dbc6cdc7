package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Events written before the hash chain existed are chained by V11, so an upgraded trail verifies. */
class MigrationBackfillTest {
  @Test
  void given_eventsWrittenBeforeTheChain_when_migrated_then_chainedAndVerified() {
    try (ScratchDatabase db = ScratchDatabase.created("10")) {
      JdbcTemplate owner = db.ownerJdbc();
      for (String action : new String[] {"legacy-b", "legacy-a"}) {
        for (int seq = 1; seq <= 3; seq++) {
          owner.update("INSERT INTO governed.audit_event (action_id, seq, occurred_at, event_type, status, params,"
              + " rule_ids, detail) VALUES (?, ?, now(), 'REQUESTED', 'EVALUATING', '{\"b\": 1.50, \"a\": [1, 2]}',"
              + " '{r1}', 'legacy')", action, seq);
        }
      }

      db.migrate(null);

      assertThat(owner.queryForObject("SELECT count(*) FROM governed.audit_event WHERE hash IS NULL", Integer.class))
          .isZero();
      assertThat(owner.queryForList("SELECT action_id || '#' || seq FROM governed.audit_chain_head ORDER BY 1",
          String.class)).containsExactly("legacy-a#3", "legacy-b#3");
      assertThat(new AuditVerifier(owner, new DataSourceTransactionManager(db.owner), IntegrityProperties.defaults())
          .verify()).isEqualTo(AuditVerification.ok(6));
      assertThatThrownBy(() -> owner.update("INSERT INTO governed.audit_event (action_id, seq, occurred_at,"
          + " event_type, status) VALUES ('unchained', 1, now(), 'REQUESTED', 'EVALUATING')"))
          .isInstanceOf(DataIntegrityViolationException.class)
          .hasMessageContaining("hash");
    }
  }

  @Test
  void given_aPendingActionWrittenBeforeV54_when_migrated_then_itsRulesAndAskedAtComeFromItsTrail() {
    try (ScratchDatabase db = ScratchDatabase.created("53")) {
      JdbcTemplate owner = db.ownerJdbc();
      for (String action : new String[] {"pending-1", "decided-1"}) {
        owner.update("INSERT INTO governed.action (action_id, request_id, type, status, request_hash, last_seq,"
            + " created_at, updated_at) VALUES (?, ?, 'refund', ?, 'h', 3, now(), now())",
            action, action, action.startsWith("pending") ? "AWAITING_APPROVAL" : "SUCCEEDED");
        // The chain is not what this test is about: placeholder hashes.
        owner.update("INSERT INTO governed.audit_event (action_id, seq, occurred_at, event_type, status, rule_ids, prev_hash,"
            + " hash) VALUES (?, 1, '2026-12-04T10:00:00Z', 'REQUESTED', 'EVALUATING', '{refund-over-50}', '\\x00', '\\x00'),"
            + " (?, 2, '2026-12-04T10:00:01Z', 'APPROVAL_REQUESTED', 'AWAITING_APPROVAL', '{refund-over-50}', '\\x00', '\\x00'),"
            + " (?, 3, '2026-12-04T14:00:01Z', 'ESCALATED', 'AWAITING_APPROVAL', '{}', '\\x00', '\\x00')", action, action, action);
      }

      db.migrate(null);

      java.util.Map<String, Object> pending = owner.queryForMap("SELECT array_to_string(rules, ',') AS rules,"
          + " approval_asked_at = '2026-12-04T14:00:01Z'::timestamptz AS asked FROM governed.action"
          + " WHERE action_id = 'pending-1'");
      assertThat(pending).containsEntry("rules", "refund-over-50").containsEntry("asked", true);
      assertThat(owner.queryForObject("SELECT rules IS NULL AND approval_asked_at IS NULL FROM governed.action"
          + " WHERE action_id = 'decided-1'", Boolean.class)).isTrue();
    }
  }
}

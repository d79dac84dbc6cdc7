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
}

package com.governedactions.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.audit.AuditTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An alert another module found (AUTONOMY_REGRESSION), raised through the store's public entry. */
class AlertStoreRaiseTest {
  private static final JdbcClient DB = AuditTestSupport.client();
  private final String prefix = AuditTestSupport.uniquePrefix("raise");
  private final AlertStore store = new AlertStore(DB, AuditTestSupport.writer(), AuditTestSupport.transactions());

  @AfterEach
  void deleteRows() {
    for (long id : DB.sql("SELECT id FROM governed.alert WHERE subject LIKE :p").param("p", "%" + prefix + "%")
        .query(Long.class).list()) {
      AuditTestSupport.deleteAction("alert-" + id);
      DB.sql("DELETE FROM governed.alert WHERE id = :id").param("id", id).update();
    }
  }

  @Test
  void givenAnAutonomyRegression_whenRaisedTwice_thenOneAlertWithItsDetailsAndAnAuditEvent() {
    Instant now = Instant.parse("1993-05-01T00:00:00Z");
    String subject = "actor:" + prefix + "bot";

    var first = store.raise(AlertKind.AUTONOMY_REGRESSION, prefix + "s1", subject, "apply_discount",
        "apply_discount <= 20 USD by bot need approval again", Map.of("suggestionId", prefix + "s1"), List.of(), now);
    var second = store.raise(AlertKind.AUTONOMY_REGRESSION, prefix + "s1", subject, "apply_discount",
        "apply_discount <= 20 USD by bot need approval again", Map.of("suggestionId", prefix + "s1"), List.of(), now);

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    Alert alert = store.list(AlertKind.AUTONOMY_REGRESSION, 200, null).items().stream()
        .filter(a -> a.subject().equals(subject)).findFirst().orElseThrow();
    assertThat(alert.details()).containsEntry("suggestionId", prefix + "s1");
    assertThat(DB.sql("SELECT count(*) FROM governed.audit_event WHERE action_id = :s AND event_type = 'ALERT_RAISED'")
        .param("s", alert.auditStream()).query(Long.class).single()).isEqualTo(1);
  }
}

package com.governedactions.api.action;

import com.governedactions.action.ActionStatus;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What PostgreSQL knows of an action, whatever Temporal knows: its list row, its audit events, its
 * chain head. Rows there are never removed (retention removes old events, never the list row nor
 * the head), so an action once written stays known here after Temporal forgot it.
 */
@Component
class ActionTrails {
  /** An action PostgreSQL has a trail of; {@code lastKnownStatus} null if no row says one. */
  record KnownAction(String actionId, ActionStatus lastKnownStatus) {}

  private final JdbcClient jdbc;

  ActionTrails(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Three index look-ups, for every submission: the list row, the newest event, the chain head. */
  Optional<KnownAction> find(String actionId) {
    return jdbc.sql(
            """
            SELECT COALESCE(
                    (SELECT status FROM governed.action WHERE action_id = :id),
                    (SELECT status FROM governed.audit_event WHERE action_id = :id ORDER BY seq DESC LIMIT 1)) AS status,
                EXISTS (SELECT 1 FROM governed.action WHERE action_id = :id)
                    OR EXISTS (SELECT 1 FROM governed.audit_event WHERE action_id = :id)
                    OR EXISTS (SELECT 1 FROM governed.audit_chain_head WHERE action_id = :id) AS known
            """)
        .param("id", actionId)
        .query((row, i) -> row.getBoolean("known")
            ? Optional.of(new KnownAction(
                actionId, row.getString("status") == null ? null : ActionStatus.valueOf(row.getString("status"))))
            : Optional.<KnownAction>empty())
        .single();
  }
}

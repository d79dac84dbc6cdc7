package com.governedactions.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Claims on pending approvals ({@code governed.approval_claim}), so two supervisors do not work the
 * same item. A claim is a hint for people, never a lock on the decision: separation of duties and
 * who may decide stay the workflow's job. Every read goes through the queue (the action row is
 * {@code AWAITING_APPROVAL}), so once an action is decided its claim is simply no longer seen; a
 * stale row is replaced by nothing and needs no clean-up to be harmless.
 */
@Repository
public class ApprovalClaimRepository {
  private static final String PENDING = """
      EXISTS (SELECT 1 FROM governed.action a WHERE a.action_id = c.action_id AND a.status = 'AWAITING_APPROVAL')
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  @Autowired
  public ApprovalClaimRepository(JdbcClient jdbc) {
    this(jdbc, Clock.systemUTC());
  }

  ApprovalClaimRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims a pending action for {@code principal}, atomically: of two callers at once exactly one
   * row is written, and the other is told who holds it. Claiming one's own claim again is a no-op.
   */
  public ClaimResult claim(String actionId, String principal) {
    // Twice at most: between the insert and the read the holder may have released it.
    for (int attempt = 0; attempt < 2; attempt++) {
      if (!pending(actionId)) {
        return new ClaimResult(ClaimResult.Outcome.NOT_PENDING, null);
      }
      // An action id is one run, so the only conflict is a live claim: nothing is overwritten.
      jdbc.sql("""
              INSERT INTO governed.approval_claim (action_id, claimed_by, claimed_at)
              VALUES (:actionId, :principal, :at)
              ON CONFLICT (action_id) DO NOTHING
              """)
          .param("actionId", actionId)
          .param("principal", principal)
          .param("at", clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
          .update();
      Optional<ApprovalClaim> held = holder(actionId);
      if (held.isPresent()) {
        return new ClaimResult(held.get().claimedBy().equals(principal)
            ? ClaimResult.Outcome.CLAIMED : ClaimResult.Outcome.HELD_BY_OTHER, held.get());
      }
    }
    return new ClaimResult(ClaimResult.Outcome.NOT_PENDING, null);
  }

  /**
   * Releases a claim: only its holder may, or anyone when {@code anyHolder} (a MANAGER taking an
   * item back from someone who left). Releasing what nobody holds is a no-op.
   */
  public ClaimResult unclaim(String actionId, String principal, boolean anyHolder) {
    int deleted = jdbc.sql("""
            DELETE FROM governed.approval_claim
            WHERE action_id = :actionId AND (claimed_by = :principal OR :anyHolder)
            """)
        .param("actionId", actionId)
        .param("principal", principal)
        .param("anyHolder", anyHolder)
        .update();
    if (deleted > 0) {
      return new ClaimResult(ClaimResult.Outcome.RELEASED, null);
    }
    return holder(actionId)
        .map(other -> new ClaimResult(ClaimResult.Outcome.HELD_BY_OTHER, other))
        .orElse(new ClaimResult(ClaimResult.Outcome.RELEASED, null));
  }

  /** The live claim on a pending action, if any. */
  public Optional<ApprovalClaim> holder(String actionId) {
    return jdbc.sql("SELECT c.action_id, c.claimed_by, c.claimed_at FROM governed.approval_claim c"
            + " WHERE c.action_id = :actionId AND " + PENDING)
        .param("actionId", actionId)
        .query(ApprovalClaimRepository::claim)
        .optional();
  }

  /** The live claims among these actions, by action id. */
  public Map<String, ApprovalClaim> held(Collection<String> actionIds) {
    if (actionIds.isEmpty()) {
      return Map.of();
    }
    List<ApprovalClaim> claims = jdbc.sql("SELECT c.action_id, c.claimed_by, c.claimed_at FROM governed.approval_claim c"
            + " WHERE c.action_id = ANY (string_to_array(:ids, chr(31))) AND " + PENDING)
        .param("ids", String.join("\u001f", actionIds))
        .query(ApprovalClaimRepository::claim)
        .list();
    return claims.stream().collect(Collectors.toUnmodifiableMap(ApprovalClaim::actionId, Function.identity()));
  }

  private boolean pending(String actionId) {
    return jdbc.sql("SELECT count(*) FROM governed.action WHERE action_id = :actionId AND status = 'AWAITING_APPROVAL'")
        .param("actionId", actionId)
        .query(Integer.class)
        .single() > 0;
  }

  private static ApprovalClaim claim(ResultSet rs, int row) throws SQLException {
    return new ApprovalClaim(rs.getString("action_id"), rs.getString("claimed_by"),
        rs.getObject("claimed_at", OffsetDateTime.class).toInstant());
  }
}

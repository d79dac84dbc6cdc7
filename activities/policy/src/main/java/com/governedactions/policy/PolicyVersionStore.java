package com.governedactions.policy;

import com.governedactions.policy.PolicyChangeRefused.Reason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The policy versions in {@code governed.policy_version}. Every write takes the table's SHARE ROW
 * EXCLUSIVE lock first, so writers queue one behind the other (no duplicate version numbers, never
 * two active versions) while readers, including every rule check, are never blocked.
 */
@Repository
public class PolicyVersionStore {
  private static final String COLUMNS =
      "version, document, format, author, created_at, status, base_version, decided_by, decided_at, reason, activated_at";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public PolicyVersionStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * The active version's number and when it was written: one index-only read, cheap enough for
   * every rule check. The time tells a version apart from an earlier one with the same number,
   * which only a table emptied by hand can produce.
   */
  public Optional<ActiveKey> activeKey() {
    return jdbc.sql("SELECT version, created_at FROM governed.policy_version WHERE status = 'ACTIVE'")
        .query((rs, n) -> new ActiveKey(rs.getLong("version"), rs.getTimestamp("created_at").toInstant()))
        .optional();
  }

  /** Identifies one stored version for caching its compiled form. */
  public record ActiveKey(long version, Instant createdAt) {}

  /** The active version's number. */
  public OptionalLong activeVersion() {
    return jdbc.sql("SELECT version FROM governed.policy_version WHERE status = 'ACTIVE'")
        .query(Long.class)
        .optional()
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  public Optional<PolicyVersion> find(long version) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM governed.policy_version WHERE version = ?")
        .param(version)
        .query(PolicyVersionStore::row)
        .optional();
  }

  public Optional<PolicyVersion> active() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM governed.policy_version WHERE status = 'ACTIVE'")
        .query(PolicyVersionStore::row)
        .optional();
  }

  /** Every version, newest first. */
  public List<PolicyVersion> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM governed.policy_version ORDER BY version DESC")
        .query(PolicyVersionStore::row)
        .list();
  }

  /**
   * Stores {@code document} as version 1, active, unless some version is already active; returns
   * the active version either way. Safe when several processes start at once.
   */
  public PolicyVersion seedIfNoneActive(String document, String format, String author) {
    return transaction.execute(
        tx -> {
          lock();
          return active()
              .orElseGet(
                  () -> {
                    long next = nextVersion();
                    insert(next, document, format, author, PolicyVersion.Status.ACTIVE, null);
                    return find(next).orElseThrow();
                  });
        });
  }

  /**
   * Stores a new version with the next number. Active at once unless {@code pending}, in which case
   * it waits for {@link #approve}.
   */
  public PolicyVersion add(String document, String format, String author, boolean pending) {
    return transaction.execute(
        tx -> {
          lock();
          long next = nextVersion();
          Long base = activeVersion().stream().boxed().findFirst().orElse(null);
          if (!pending) {
            supersedeActive();
          }
          insert(next, document, format, author, pending ? PolicyVersion.Status.PENDING : PolicyVersion.Status.ACTIVE, base);
          return find(next).orElseThrow();
        });
  }

  /** Activates a pending version on a second person's word. */
  public PolicyVersion approve(long version, String approver) {
    return transaction.execute(
        tx -> {
          lock();
          PolicyVersion pending = pending(version);
          if (pending.author().equals(approver)) {
            throw new PolicyChangeRefused(
                Reason.OWN_VERSION,
                "'" + approver + "' wrote version " + version + " and cannot approve it; another policy admin must");
          }
          Long active = activeVersion().stream().boxed().findFirst().orElse(null);
          if (pending.baseVersion() != null && !pending.baseVersion().equals(active)) {
            throw new PolicyChangeRefused(
                Reason.STALE,
                "version " + version + " was written against version " + pending.baseVersion() + ", but version "
                    + active + " is active now; approving it would undo that change. Reject it and submit the"
                    + " document again, based on version " + active);
          }
          supersedeActive();
          jdbc.sql(
                  """
                  UPDATE governed.policy_version
                  SET status = 'ACTIVE', decided_by = ?, decided_at = now(), activated_at = now()
                  WHERE version = ?
                  """)
              .params(approver, version)
              .update();
          return find(version).orElseThrow();
        });
  }

  /** Refuses a pending version for good. */
  public PolicyVersion reject(long version, String by, String reason) {
    return transaction.execute(
        tx -> {
          lock();
          pending(version);
          jdbc.sql(
                  """
                  UPDATE governed.policy_version
                  SET status = 'REJECTED', decided_by = ?, decided_at = now(), reason = ?
                  WHERE version = ?
                  """)
              .params(by, reason, version)
              .update();
          return find(version).orElseThrow();
        });
  }

  private PolicyVersion pending(long version) {
    PolicyVersion found =
        find(version)
            .orElseThrow(() -> new PolicyChangeRefused(Reason.NOT_FOUND, "there is no policy version " + version));
    if (found.status() != PolicyVersion.Status.PENDING) {
      throw new PolicyChangeRefused(
          Reason.NOT_PENDING, "policy version " + version + " is " + found.status() + ", not PENDING: nothing to decide");
    }
    return found;
  }

  private void lock() {
    jdbc.sql("LOCK TABLE governed.policy_version IN SHARE ROW EXCLUSIVE MODE").update();
  }

  private long nextVersion() {
    return jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM governed.policy_version").query(Long.class).single();
  }

  private void supersedeActive() {
    jdbc.sql("UPDATE governed.policy_version SET status = 'SUPERSEDED' WHERE status = 'ACTIVE'").update();
  }

  private void insert(long version, String document, String format, String author, PolicyVersion.Status status, Long base) {
    jdbc.sql(
            """
            INSERT INTO governed.policy_version (version, document, format, author, status, base_version, activated_at)
            VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)
            """)
        .params(version, document, format, author, status.name(), base, status == PolicyVersion.Status.ACTIVE)
        .update();
  }

  private static PolicyVersion row(ResultSet rs, int n) throws SQLException {
    Long base = rs.getObject("base_version", Long.class);
    return new PolicyVersion(
        rs.getLong("version"),
        rs.getString("document"),
        rs.getString("format"),
        rs.getString("author"),
        instant(rs.getTimestamp("created_at")),
        PolicyVersion.Status.valueOf(rs.getString("status")),
        base,
        rs.getString("decided_by"),
        instant(rs.getTimestamp("decided_at")),
        rs.getString("reason"),
        instant(rs.getTimestamp("activated_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

package com.governedactions.slack;

import com.governedactions.action.ActionState;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.api.action.ActionService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts approval requests and SLA breaches to Slack by following the audit trail, so the workflow
 * knows nothing of Slack (an outbox read off {@code governed.audit_event}).
 *
 * <p>Each poll (1) copies new APPROVAL_REQUESTED / APPROVAL_TIMED_OUT events into {@code
 * governed.slack_notice}, one row per event, re-reading a lookback window because an event's
 * transaction may commit after a later one; and (2) posts the due rows, each locked with {@code FOR
 * UPDATE SKIP LOCKED} while it is posted and marked sent in the same transaction. Several processes
 * can run this side by side and a restart resumes where it stopped: a message is posted once, unless
 * the process dies between Slack's answer and the commit, when it is posted again.
 *
 * <p>The same outbox follows the events that can end an approval (APPROVED, REJECTED, CANCELLED,
 * the last APPROVAL_TIMED_OUT, SUCCEEDED/FAILED) and updates the action's posted messages once to
 * the outcome, so buttons disappear however the decision was made.
 */
class SlackNotifier implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SlackNotifier.class);
  private static final String SCAN = "approvals";
  private static final int BATCH = 10;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final ActionService actions;
  private final SlackClient slack;
  private final ApprovalFacts facts;
  private final SlackProperties properties;
  private ScheduledExecutorService poller;

  SlackNotifier(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      ActionService actions,
      SlackClient slack,
      ApprovalFacts facts,
      SlackProperties properties) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.actions = actions;
    this.slack = slack;
    this.facts = facts;
    this.properties = properties;
  }

  /** One poll: queue new events, then post what is due. Public for tests that drive it by hand. */
  void pollOnce() {
    queueNewEvents();
    // Replays are refused by timestamp after the signature tolerance; their record can go then.
    jdbc.update("DELETE FROM governed.slack_interaction WHERE request_ts < extract(epoch FROM now()) - ?",
        2 * properties.signatureTolerance().toSeconds());
    while (postDue() == BATCH) {
      // a full batch: there may be more due right now
    }
  }

  void queueNewEvents() {
    transaction.executeWithoutResult(status -> {
      List<java.sql.Timestamp> scanned = jdbc.queryForList(
          "SELECT scanned_to FROM governed.slack_scan WHERE name = ? FOR UPDATE SKIP LOCKED",
          java.sql.Timestamp.class, SCAN);
      if (scanned.isEmpty()) {
        // First run ever (start from now: no flood of old approvals), or another process is scanning.
        jdbc.update("INSERT INTO governed.slack_scan (name, scanned_to) VALUES (?, now()) ON CONFLICT DO NOTHING", SCAN);
        return;
      }
      jdbc.update(
          """
          INSERT INTO governed.slack_notice (event_id, action_id, seq, event_type)
          SELECT id, action_id, seq, event_type FROM governed.audit_event
          WHERE event_type IN (?, ?) AND occurred_at > ?::timestamptz - make_interval(secs => ?)
          ON CONFLICT DO NOTHING
          """,
          AuditEventType.APPROVAL_REQUESTED.name(), AuditEventType.APPROVAL_TIMED_OUT.name(),
          scanned.get(0), (double) properties.lookback().toSeconds());
      // Events that may end an approval, only for actions that have a notice already (every action
      // ends somehow; most never reach Slack). A request queued in this same scan is seen by the
      // next scan's lookback.
      jdbc.update(
          """
          INSERT INTO governed.slack_notice (event_id, action_id, seq, event_type)
          SELECT e.id, e.action_id, e.seq, e.event_type FROM governed.audit_event e
          WHERE e.event_type IN (?, ?, ?, ?, ?) AND e.occurred_at > ?::timestamptz - make_interval(secs => ?)
            AND EXISTS (SELECT 1 FROM governed.slack_notice n WHERE n.action_id = e.action_id)
          ON CONFLICT DO NOTHING
          """,
          AuditEventType.APPROVED.name(), AuditEventType.REJECTED.name(), AuditEventType.CANCELLED.name(),
          AuditEventType.SUCCEEDED.name(), AuditEventType.FAILED.name(),
          scanned.get(0), (double) properties.lookback().toSeconds());
      jdbc.update("UPDATE governed.slack_scan SET scanned_to = now() WHERE name = ?", SCAN);
    });
  }

  private record Notice(long eventId, String actionId, int seq, String eventType, int attempts) {}

  /** Posts up to one batch of due notices; returns how many it handled. */
  int postDue() {
    Integer handled = transaction.execute(status -> {
      List<Notice> due = jdbc.query(
          """
          SELECT event_id, action_id, seq, event_type, attempts FROM governed.slack_notice
          WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= now()
          ORDER BY event_id LIMIT ? FOR UPDATE SKIP LOCKED
          """,
          (rs, i) -> new Notice(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getInt(5)),
          properties.maxAttempts(), BATCH);
      for (Notice notice : due) {
        post(notice);
      }
      return due.size();
    });
    return handled == null ? 0 : handled;
  }

  private void post(Notice notice) {
    try {
      String skip = whySkip(notice);
      if (skip != null) {
        jdbc.update("UPDATE governed.slack_notice SET sent_at = now(), outcome = ? WHERE event_id = ?",
            "skipped: " + skip, notice.eventId());
        return;
      }
      if (CLOSING.contains(notice.eventType())) {
        close(notice);
        return;
      }
      ActionState state = actions.state(notice.actionId());
      boolean breach = AuditEventType.APPROVAL_TIMED_OUT.name().equals(notice.eventType());
      if (!breach && state.status() != com.governedactions.action.ActionStatus.AWAITING_APPROVAL) {
        jdbc.update("UPDATE governed.slack_notice SET sent_at = now(), outcome = ? WHERE event_id = ?",
            "skipped: the action is already " + state.status(), notice.eventId());
        return;
      }
      SlackMessage message = SlackMessages.approvalNeeded(state, facts.what(state), facts.rules(state), breach);
      SlackClient.Posted posted = slack.postMessage(properties.channel(), message);
      jdbc.update(
          """
          UPDATE governed.slack_notice SET sent_at = now(), outcome = 'posted', channel = ?, message_ts = ?,
              attempts = attempts + 1, last_error = NULL
          WHERE event_id = ?
          """,
          posted.channel(), posted.ts(), notice.eventId());
      if (breach && state.status() != com.governedactions.action.ActionStatus.AWAITING_APPROVAL) {
        // The last tier ran out: this message has no buttons, the earlier ones still do.
        jdbc.update("UPDATE governed.slack_notice SET closed_at = now(), closed_outcome = ? WHERE event_id = ?",
            "posted closed", notice.eventId());
        closeOpenMessages(notice.actionId(), state);
      }
    } catch (SlackClient.SlackException | com.governedactions.api.ApiProblem e) {
      boolean retryable = e instanceof SlackClient.SlackException slackError
          ? slackError.retryable()
          : ((com.governedactions.api.ApiProblem) e).status() != org.springframework.http.HttpStatus.NOT_FOUND;
      Duration backoff = e instanceof SlackClient.SlackException slackError && slackError.retryAfter().isPresent()
          ? slackError.retryAfter().get()
          : backoff(notice.attempts());
      log.warn("Slack notice for {} seq {} failed (attempt {}): {}", notice.actionId(), notice.seq(),
          notice.attempts() + 1, e.getMessage());
      jdbc.update(
          """
          UPDATE governed.slack_notice SET attempts = CASE WHEN ? THEN attempts + 1 ELSE ? END,
              next_attempt_at = now() + make_interval(secs => ?), last_error = ?
          WHERE event_id = ?
          """,
          retryable, properties.maxAttempts(), (double) backoff.toSeconds(), e.getMessage(), notice.eventId());
    }
  }

  /** Events after which an approval may be over; APPROVAL_TIMED_OUT closes too, once posted. */
  private static final java.util.Set<String> CLOSING = java.util.Set.of(
      AuditEventType.APPROVED.name(), AuditEventType.REJECTED.name(), AuditEventType.CANCELLED.name(),
      AuditEventType.SUCCEEDED.name(), AuditEventType.FAILED.name());

  /**
   * Updates the action's posted messages that still show buttons to the outcome, unless the action
   * still waits for approval (an M-of-N approval that needs more, or an escalation to the next tier).
   */
  private void close(Notice notice) {
    // A request or breach of this action not posted yet (or being posted by another process right
    // now: its row is locked, its sent_at not yet visible) would be missed; wait for it.
    Integer unposted = jdbc.queryForObject(
        """
        SELECT count(*) FROM governed.slack_notice
        WHERE action_id = ? AND seq < ? AND sent_at IS NULL AND attempts < ? AND event_type IN (?, ?)
        """,
        Integer.class, notice.actionId(), notice.seq(), properties.maxAttempts(),
        AuditEventType.APPROVAL_REQUESTED.name(), AuditEventType.APPROVAL_TIMED_OUT.name());
    if (unposted != null && unposted > 0) {
      jdbc.update("UPDATE governed.slack_notice SET next_attempt_at = now() + interval '1 second' WHERE event_id = ?",
          notice.eventId());
      return;
    }
    ActionState state = actions.state(notice.actionId());
    if (state.status() == com.governedactions.action.ActionStatus.AWAITING_APPROVAL) {
      jdbc.update("UPDATE governed.slack_notice SET sent_at = now(), outcome = ? WHERE event_id = ?",
          "skipped: still awaiting approval", notice.eventId());
      return;
    }
    int updated = closeOpenMessages(notice.actionId(), state);
    jdbc.update("UPDATE governed.slack_notice SET sent_at = now(), outcome = ?, attempts = attempts + 1, last_error = NULL"
        + " WHERE event_id = ?", updated == 0 ? "skipped: no open message" : "updated " + updated, notice.eventId());
  }

  /**
   * chat.update of every posted message of the action that has not been closed, each marked closed
   * right after Slack took it. The rows stay locked until the caller's transaction commits, so the
   * interaction endpoint (which closes the clicked message itself) and other notifiers wait and
   * then find them closed.
   */
  private int closeOpenMessages(String actionId, ActionState state) {
    record Open(long eventId, String channel, String ts) {}
    List<Open> open = jdbc.query(
        """
        SELECT event_id, channel, message_ts FROM governed.slack_notice
        WHERE action_id = ? AND message_ts IS NOT NULL AND closed_at IS NULL
        ORDER BY event_id FOR UPDATE
        """,
        (rs, i) -> new Open(rs.getLong(1), rs.getString(2), rs.getString(3)), actionId);
    if (open.isEmpty()) {
      return 0;
    }
    String verdict = verdict(actionId);
    SlackMessage message = SlackMessages.closed(state, facts.what(state), facts.rules(state), verdict);
    for (Open row : open) {
      slack.update(row.channel(), row.ts(), message);
      jdbc.update("UPDATE governed.slack_notice SET closed_at = now(), closed_outcome = ? WHERE event_id = ?",
          verdict, row.eventId());
    }
    return open.size();
  }

  /** Who ended the approval and how, from the audit trail: "Approved by bob", "Approval timed out". */
  private String verdict(String actionId) {
    record Decision(String type, String by) {}
    List<Decision> decisions = jdbc.query(
        """
        SELECT event_type, decided_by FROM governed.audit_event
        WHERE action_id = ? AND event_type IN (?, ?, ?, ?) ORDER BY seq
        """,
        (rs, i) -> new Decision(rs.getString(1), rs.getString(2)), actionId,
        AuditEventType.APPROVED.name(), AuditEventType.REJECTED.name(), AuditEventType.CANCELLED.name(),
        AuditEventType.APPROVAL_TIMED_OUT.name());
    if (decisions.isEmpty()) {
      return "Closed";
    }
    Decision last = decisions.get(decisions.size() - 1);
    String by = last.by() == null ? "" : " by " + last.by();
    return switch (AuditEventType.valueOf(last.type())) {
      case APPROVED -> "Approved by " + String.join(", ", decisions.stream()
          .filter(d -> AuditEventType.APPROVED.name().equals(d.type()) && d.by() != null)
          .map(Decision::by).distinct().toList());
      case REJECTED -> "Rejected" + by;
      case CANCELLED -> "Cancelled" + by;
      default -> "Approval timed out";
    };
  }

  /**
   * An approval request right after an SLA breach is the next tier of the same approval: the
   * breach message already asks for it.
   */
  private String whySkip(Notice notice) {
    if (!AuditEventType.APPROVAL_REQUESTED.name().equals(notice.eventType())) {
      return null;
    }
    List<String> previous = jdbc.queryForList(
        "SELECT event_type FROM governed.audit_event WHERE action_id = ? AND seq = ?",
        String.class, notice.actionId(), notice.seq() - 1);
    return previous.contains(AuditEventType.APPROVAL_TIMED_OUT.name()) ? "announced by the SLA breach notice" : null;
  }

  private static Duration backoff(int attempts) {
    Duration next = Duration.ofSeconds(1L << Math.min(attempts, 16));
    return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
  }

  @Override
  public synchronized void start() {
    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "slack-notifier");
      thread.setDaemon(true);
      return thread;
    });
    long every = properties.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      pollOnce();
    } catch (RuntimeException e) {
      // The next poll tries again; nothing is lost, the rows stay due.
      log.warn("Slack notifier poll failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return poller != null;
  }
}

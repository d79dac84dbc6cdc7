-- Slack approval messages, as an outbox that follows the audit trail (docs/slack-and-reversal.md).
-- One row per APPROVAL_REQUESTED / APPROVAL_TIMED_OUT event: the primary key makes queueing an
-- event twice a no-op, and sent_at, set in the transaction that holds the row lock while the
-- message is posted, makes several notifier processes post it once.
CREATE TABLE governed.slack_notice (
    event_id        bigint      PRIMARY KEY,  -- governed.audit_event.id
    action_id       text        NOT NULL,
    seq             int         NOT NULL,
    event_type      text        NOT NULL,
    queued_at       timestamptz NOT NULL DEFAULT now(),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    outcome         text,       -- 'posted' or 'skipped: why'
    channel         text,
    message_ts      text,
    last_error      text,
    CONSTRAINT slack_notice_once UNIQUE (action_id, seq)
);

CREATE INDEX slack_notice_due ON governed.slack_notice (next_attempt_at) WHERE sent_at IS NULL;

-- How far the notifier has read the audit trail; one row per scan, locked by the process scanning.
CREATE TABLE governed.slack_scan (
    name       text        PRIMARY KEY,
    scanned_to timestamptz NOT NULL
);

-- The notifier's scan reads only the approval events of a recent time range.
CREATE INDEX audit_event_approval_notices ON governed.audit_event (occurred_at)
    WHERE event_type IN ('APPROVAL_REQUESTED', 'APPROVAL_TIMED_OUT');

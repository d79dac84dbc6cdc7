-- Slack approval messages follow the decision however it is made (REST, signal, timeout, a click;
-- docs/slack-and-reversal.md). A posted message is updated to its outcome once: closed_at is set in
-- the transaction that holds the row lock while chat.update runs, by the notifier or by the
-- interaction endpoint for the clicked message.
ALTER TABLE governed.slack_notice
    ADD COLUMN closed_at      timestamptz,
    ADD COLUMN closed_outcome text;  -- what the message now says, e.g. 'Rejected by bob'

CREATE INDEX slack_notice_open_messages ON governed.slack_notice (action_id)
    WHERE message_ts IS NOT NULL AND closed_at IS NULL;

-- The notifier's scan also reads the events that can end an approval.
CREATE INDEX audit_event_closing_notices ON governed.audit_event (occurred_at)
    WHERE event_type IN ('APPROVED', 'REJECTED', 'CANCELLED', 'SUCCEEDED', 'FAILED');

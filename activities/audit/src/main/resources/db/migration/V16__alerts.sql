-- Unusual-activity alerts. Each finding has a fingerprint (kind, subject, window) so a detector
-- that runs again, or in two processes at once, never raises the same finding twice. Insert-only,
-- like the audit trail: an alert is also recorded there as an ALERT_RAISED event of its own
-- stream 'alert-<id>', which is not an action and so has no status.
CREATE TABLE governed.alert (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text        NOT NULL,
    fingerprint text        NOT NULL,
    raised_at   timestamptz NOT NULL,
    subject     text        NOT NULL,
    action_type text,
    summary     text        NOT NULL,
    details     jsonb       NOT NULL,
    action_ids  text[]      NOT NULL,
    CONSTRAINT alert_once UNIQUE (fingerprint)
);

CREATE INDEX alert_newest ON governed.alert (id DESC);
CREATE INDEX alert_by_kind ON governed.alert (kind, id DESC);

ALTER TABLE governed.audit_event ALTER COLUMN status DROP NOT NULL;

-- What the detectors scan: recent rows of a few event types by time, then one subject's rows of
-- one window (the actor's; a customer's use action_by_customer_type).
CREATE INDEX action_by_actor_type ON governed.action (actor_id, type, created_at);
CREATE INDEX audit_event_decisions_by_time ON governed.audit_event (occurred_at)
    WHERE event_type IN ('APPROVAL_REQUESTED', 'APPROVED', 'REJECTED');
CREATE INDEX audit_event_decisions_by_person ON governed.audit_event (decided_by, occurred_at)
    WHERE event_type IN ('APPROVED', 'REJECTED');
CREATE INDEX audit_event_denials_by_time ON governed.audit_event (occurred_at)
    WHERE event_type = 'DENIED';
CREATE INDEX audit_event_denials_by_conversation ON governed.audit_event (conversation_id, occurred_at)
    WHERE event_type = 'DENIED';

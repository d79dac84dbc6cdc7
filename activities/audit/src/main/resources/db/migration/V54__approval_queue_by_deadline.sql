-- The console inbox (issue 13, docs/console.md) reads its page from here, soonest SLA deadline
-- first, with its filters as the WHERE clause: no audit-trail read and no workflow query per row.
-- The audit writer keeps two more values on the action row, from the events of each batch:
--   rules             the rule ids of the latest event that names any (the decision or its recheck);
--   approval_asked_at when the current tier was asked (APPROVAL_REQUESTED, ESCALATED or
--                     POLICY_RECHECKED): the start of its SLA window.
-- Both are kept when a batch has none (COALESCE), under the same last_seq guard as the status.
ALTER TABLE governed.action
    ADD COLUMN rules             text[],
    ADD COLUMN approval_asked_at timestamptz;

-- Backfill what the trail still holds, for the actions the queue shows (pending ones); a decided
-- action is never queued again, so its row needs neither value. audit_event_once (action_id, seq)
-- serves each look-up.
UPDATE governed.action AS a
SET rules = (SELECT e.rule_ids FROM governed.audit_event e
             WHERE e.action_id = a.action_id AND cardinality(e.rule_ids) > 0
             ORDER BY e.seq DESC LIMIT 1),
    approval_asked_at = (SELECT max(e.occurred_at) FROM governed.audit_event e
                         WHERE e.action_id = a.action_id
                             AND e.event_type IN ('APPROVAL_REQUESTED', 'ESCALATED', 'POLICY_RECHECKED'))
WHERE a.status = 'AWAITING_APPROVAL';

-- The inbox's ORDER BY (deadline, oldest first on a tie, then id) read straight off a small partial
-- index: the first page is the index's first entries that pass the filters.
CREATE INDEX action_pending_by_deadline ON governed.action (approval_deadline, created_at, action_id)
    WHERE status = 'AWAITING_APPROVAL';

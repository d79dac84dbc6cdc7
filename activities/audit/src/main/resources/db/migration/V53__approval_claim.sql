-- Who is working on a pending approval (issue 13, docs/console.md): a coordination hint between
-- supervisors, not an action event, so it lives beside the queue and outside the audit trail. One row
-- per claimed action; the primary key makes a claim atomic (INSERT ... ON CONFLICT DO NOTHING: of two
-- supervisors claiming at once exactly one row is written). Claims are read through the queue
-- (status AWAITING_APPROVAL), so a decided action's claim is never shown and never blocks; no foreign
-- key, so audit retention never has to know about claims.
CREATE TABLE governed.approval_claim (
    action_id  text        PRIMARY KEY,
    claimed_by text        NOT NULL,
    claimed_at timestamptz NOT NULL
);

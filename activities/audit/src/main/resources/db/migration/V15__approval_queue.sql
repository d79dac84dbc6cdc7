-- The approvals queue (GET /api/v1/approvals) is served from here, not by querying workflows: the
-- audit writer copies the approval stage the workflow sends with each batch onto the action row,
-- under the same last_seq guard as the status, so an escalation moves the row and a late retry of
-- an old batch never rewinds it. Null for actions that never reached an approval.
ALTER TABLE governed.action
    ADD COLUMN approval_tier     int,
    ADD COLUMN approval_tiers    int,
    ADD COLUMN approval_roles    text[],
    ADD COLUMN approval_required int,
    ADD COLUMN approved_by       text[],
    ADD COLUMN approval_deadline timestamptz;

-- Only pending actions are ever queued, oldest first: a small partial index, whatever the table size.
CREATE INDEX action_pending_approval ON governed.action (created_at, action_id)
    WHERE status = 'AWAITING_APPROVAL';

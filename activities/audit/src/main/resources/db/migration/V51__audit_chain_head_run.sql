-- The Temporal run that last moved each action's chain. An audit batch at or below the head is a
-- retry only from that run: a new run of a workflow id whose trail exists (Temporal lost or forgot
-- the first run, or a client started it again directly) must not have its events taken for retries
-- of the old ones and dropped (docs/audit-integrity.md, "Retries and conflicts"). Null for heads
-- moved before this migration, by a worker that does not send the run id, or by writes that are no
-- workflow's (a reversal, an alert). Not part of the hash chain: it decides idempotency only.
ALTER TABLE governed.audit_chain_head ADD COLUMN run_id text;

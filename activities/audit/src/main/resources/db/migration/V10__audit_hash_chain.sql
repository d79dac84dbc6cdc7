-- Tamper evidence for the audit trail (docs/audit-integrity.md). Every event is linked to the one
-- before it in the same action: one chain per action, so concurrent actions never wait on a shared
-- lock. The audit writer computes both hashes in Java, in the batch's transaction; V11 chains the
-- events written before this migration and then makes the columns NOT NULL.
ALTER TABLE governed.audit_event
    ADD COLUMN prev_hash bytea,
    ADD COLUMN hash      bytea;

-- The newest link of each action's chain. The writer locks this row for the length of a batch (the
-- per-action lock) and the checkpointer picks the heads that moved since it last signed them.
CREATE TABLE governed.audit_chain_head (
    action_id        text  PRIMARY KEY,
    seq              int   NOT NULL,
    hash             bytea NOT NULL,
    -- the seq of this head that the newest checkpoint covers; 0 = none yet
    checkpointed_seq int   NOT NULL DEFAULT 0
);
CREATE INDEX audit_chain_head_unsealed ON governed.audit_chain_head (action_id) WHERE seq > checkpointed_seq;

-- Signed checkpoints over the chain heads that moved since the previous one; each signs the
-- previous signature too, so the checkpoints form a chain of their own. The newest one is also
-- written outside the database (a file and a log line).
CREATE TABLE governed.audit_checkpoint (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at     timestamptz NOT NULL,
    prev_signature bytea,
    head_count     int         NOT NULL,
    heads_digest   bytea       NOT NULL,
    key_id         text        NOT NULL,
    signature      bytea       NOT NULL
);

CREATE TABLE governed.audit_checkpoint_head (
    checkpoint_id bigint NOT NULL REFERENCES governed.audit_checkpoint (id),
    action_id     text   NOT NULL,
    seq           int    NOT NULL,
    hash          bytea  NOT NULL,
    PRIMARY KEY (checkpoint_id, action_id)
);

-- Where retention cut an action's chain: the last removed event's seq and hash, signed, so the
-- remaining events still verify. Written by the retention job (owner role) only.
CREATE TABLE governed.audit_retention_anchor (
    action_id      text        NOT NULL,
    seq            int         NOT NULL,
    hash           bytea       NOT NULL,
    removed_events int         NOT NULL,
    cutoff         timestamptz NOT NULL,
    export_file    text        NOT NULL,
    removed_at     timestamptz NOT NULL,
    key_id         text        NOT NULL,
    signature      bytea       NOT NULL,
    PRIMARY KEY (action_id, seq)
);

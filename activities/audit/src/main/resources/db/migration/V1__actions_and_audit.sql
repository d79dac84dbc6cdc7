-- Actions and their audit trail (spec section 6). Every name is schema-qualified: Flyway runs this
-- with spring.flyway.schemas=governed, and nothing here may depend on the search_path.

-- One row per action, kept current by the audit writer in the same transaction as the action's
-- events: the list behind GET /api/v1/actions, and the source of history aggregates.
CREATE TABLE governed.action (
    action_id       text        PRIMARY KEY,
    request_id      text        NOT NULL,
    type            text        NOT NULL,
    status          text        NOT NULL,
    actor_type      text,
    actor_id        text,
    customer_id     text,
    conversation_id text,
    channel         text,
    amount          numeric(19, 4),
    currency        char(3),
    request_hash    text        NOT NULL,
    -- the seq of the event that set status: an upsert only moves it forward
    last_seq        int         NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT action_status_known CHECK (status IN (
        'EVALUATING', 'AWAITING_CONFIRMATION', 'AWAITING_APPROVAL', 'EXECUTING', 'SUCCEEDED', 'FAILED',
        'DENIED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'ESCALATED', 'REVERSED')),
    CONSTRAINT action_currency_iso CHECK (currency ~ '^[A-Z]{3}$')
);

-- The list pages newest first with a keyset on (created_at, action_id); one index per filter.
CREATE INDEX action_by_created ON governed.action (created_at DESC, action_id DESC);
CREATE INDEX action_by_status ON governed.action (status, created_at DESC, action_id DESC);
CREATE INDEX action_by_type ON governed.action (type, created_at DESC, action_id DESC);
CREATE INDEX action_by_conversation ON governed.action (conversation_id, created_at DESC, action_id DESC);
-- History aggregates ("this customer's refunds and their sum over 30 days") as one index-only scan.
CREATE INDEX action_by_customer_type ON governed.action (customer_id, type, created_at)
    INCLUDE (amount, currency, status);

-- Append-only audit events. id gives one global order (a later hash chain links rows in id order);
-- (action_id, seq) makes a retried write a no-op.
CREATE TABLE governed.audit_event (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id         text        NOT NULL,
    seq               int         NOT NULL,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    event_type        text        NOT NULL,
    action_type       text,
    status            text        NOT NULL,
    requester         text,
    decided_by        text,
    conversation_id   text,
    customer_id       text,
    params            jsonb,
    connector_status  int,
    connector_summary text,
    duration_ms       bigint,
    policy_version    bigint,
    rule_ids          text[]      NOT NULL DEFAULT '{}',
    detail            text,
    note              text,
    CONSTRAINT audit_event_once UNIQUE (action_id, seq),
    CONSTRAINT audit_event_seq_positive CHECK (seq >= 1)
);

-- Search by time range; per-action reads use audit_event_once.
CREATE INDEX audit_event_by_occurred ON governed.audit_event (occurred_at DESC, id DESC);

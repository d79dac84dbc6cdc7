-- Cases for people (escalations, follow-up tickets), as a helpdesk would keep them. The case column
-- holds whatever context the caller attached: request, decision, everything already attempted.
CREATE TABLE tickets (
    ticket_id       text PRIMARY KEY,
    kind            text        NOT NULL,
    team            text,
    subject         text        NOT NULL,
    priority        text        NOT NULL,
    conversation_id text,
    details         text,
    case_context    jsonb,
    status          text        NOT NULL CHECK (status IN ('OPEN', 'WITHDRAWN')),
    idempotency_key text        NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    withdrawn_at    timestamptz
);
CREATE INDEX tickets_conversation_idx ON tickets (conversation_id);

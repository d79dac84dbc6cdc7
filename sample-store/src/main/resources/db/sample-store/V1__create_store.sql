-- The sample store: a stand-in for the company's order and payment systems.
-- Money is numeric(12,2) with an ISO 4217 currency; amounts are never floats.

CREATE TABLE orders (
    order_id            text PRIMARY KEY,
    customer_id         text           NOT NULL,
    status              text           NOT NULL CHECK (status IN ('PAID', 'SHIPPED', 'CANCELLED')),
    currency            char(3)        NOT NULL,
    paid_amount         numeric(12, 2) NOT NULL CHECK (paid_amount >= 0),
    address_line1       text           NOT NULL,
    address_line2       text,
    address_city        text           NOT NULL,
    address_postal_code text           NOT NULL,
    address_country     char(2)        NOT NULL,
    created_at          timestamptz    NOT NULL DEFAULT now(),
    updated_at          timestamptz    NOT NULL DEFAULT now()
);

-- A refund is never deleted: a reversal voids it, which gives its amount back to the refundable total.
CREATE TABLE refunds (
    refund_id       text PRIMARY KEY,
    order_id        text           NOT NULL REFERENCES orders (order_id),
    amount          numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency        char(3)        NOT NULL,
    reason          text,
    status          text           NOT NULL CHECK (status IN ('SUCCEEDED', 'REVERSED')),
    idempotency_key text           NOT NULL UNIQUE,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    reversed_at     timestamptz
);
CREATE INDEX refunds_order_id_idx ON refunds (order_id);

-- A discount is a credit granted on an order; it does not change what is refundable.
CREATE TABLE discounts (
    discount_id     text PRIMARY KEY,
    order_id        text           NOT NULL REFERENCES orders (order_id),
    amount          numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency        char(3)        NOT NULL,
    code            text,
    status          text           NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
    idempotency_key text           NOT NULL UNIQUE,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    removed_at      timestamptz
);
CREATE INDEX discounts_order_id_idx ON discounts (order_id);

-- One row per Idempotency-Key, written in the same transaction as the effect it guards.
-- request_hash identifies the request (operation + canonical parameters); 'revoked' marks a key
-- whose call was compensated before it ever arrived. The response columns are null only inside
-- the transaction that owns the key, so no other transaction ever sees them null.
CREATE TABLE idempotency_keys (
    idempotency_key text PRIMARY KEY,
    request_hash    text        NOT NULL,
    response_status integer,
    response_body   json, -- json, not jsonb: a replay answers the very text first sent
    created_at      timestamptz NOT NULL DEFAULT now()
);

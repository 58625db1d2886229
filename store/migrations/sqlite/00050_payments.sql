-- +goose Up
-- The payments /v1 surface. Times are Unix milliseconds (UTC).

-- A payment row exists only once Stripe has created its object: it is
-- written in the same transaction that completes the idempotency key.
CREATE TABLE payments (
    id                       TEXT    PRIMARY KEY,            -- UUID
    tenant                   TEXT    NOT NULL,               -- company:<uuid> or user:<id>
    customer_id              TEXT    NOT NULL,
    order_id                 TEXT,
    amount_cents             INTEGER NOT NULL CHECK (amount_cents >= 0),
    discount_cents           INTEGER NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    currency                 TEXT    NOT NULL,
    status                   TEXT    NOT NULL CHECK (status IN
        ('pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled')),
    mode                     TEXT    NOT NULL CHECK (mode IN ('one_shot', 'subscription')),
    stripe_customer_id       TEXT    NOT NULL,
    stripe_payment_intent_id TEXT,
    subscription_id          TEXT,
    subscription_plan_id     TEXT,
    promo_code               TEXT,
    stripe_promotion_code_id TEXT,
    metadata                 TEXT,                           -- JSON object as sent
    status_event_at          INTEGER NOT NULL DEFAULT 0,     -- created (Unix s) of the Stripe event behind status
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
);
-- Not unique: a subscription's PaymentIntent is its invoice's, and webhooks
-- move every payment that names it.
CREATE INDEX payments_payment_intent ON payments (stripe_payment_intent_id) WHERE stripe_payment_intent_id IS NOT NULL;
CREATE INDEX payments_subscription ON payments (subscription_id) WHERE subscription_id IS NOT NULL;

CREATE TABLE payment_line_items (
    payment_id        TEXT    NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    product_id        TEXT    NOT NULL,
    variant_id        TEXT    NOT NULL,
    qty               INTEGER NOT NULL CHECK (qty > 0),
    unit_amount_cents INTEGER NOT NULL CHECK (unit_amount_cents >= 0),
    PRIMARY KEY (payment_id, position)
);

-- Idempotency-Key records, per caller. A row is reserved (locked_until in
-- the future) while its request runs, and completed (response set) in the
-- transaction that writes the payment. payment_id is chosen at reservation
-- so that retries send Stripe the same parameters under the same key.
CREATE TABLE payment_idempotency_keys (
    caller       TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,          -- SHA-256 of the normalised request
    payment_id   TEXT    NOT NULL,
    lease        TEXT,                      -- the reserving request's token
    locked_until INTEGER NOT NULL DEFAULT 0,
    response     TEXT,                      -- the 201 body, once completed
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX payment_idempotency_keys_expiry ON payment_idempotency_keys (expires_at);

-- The Stripe customer created for a tenant's customer_id.
CREATE TABLE payment_stripe_customers (
    tenant             TEXT    NOT NULL,
    customer_id        TEXT    NOT NULL,
    stripe_customer_id TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    PRIMARY KEY (tenant, customer_id)
);

-- Every verified Stripe event, once: the primary key is the deduplication.
CREATE TABLE payment_stripe_events (
    stripe_event_id TEXT    PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,   -- our event id (UUID)
    event_type      TEXT    NOT NULL,
    outcome         TEXT    NOT NULL CHECK (outcome IN ('processed', 'ignored')),
    received_at     INTEGER NOT NULL
);

-- +goose Down
DROP TABLE payment_stripe_events;
DROP TABLE payment_stripe_customers;
DROP TABLE payment_idempotency_keys;
DROP TABLE payment_line_items;
DROP TABLE payments;

-- +goose Up
-- PostgreSQL twin of sqlite/00050.
CREATE TABLE payments (
    id                       TEXT   PRIMARY KEY,
    tenant                   TEXT   NOT NULL,
    customer_id              TEXT   NOT NULL,
    order_id                 TEXT,
    amount_cents             BIGINT NOT NULL CHECK (amount_cents >= 0),
    discount_cents           BIGINT NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    currency                 TEXT   NOT NULL,
    status                   TEXT   NOT NULL CHECK (status IN
        ('pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled')),
    mode                     TEXT   NOT NULL CHECK (mode IN ('one_shot', 'subscription')),
    stripe_customer_id       TEXT   NOT NULL,
    stripe_payment_intent_id TEXT,
    subscription_id          TEXT,
    subscription_plan_id     TEXT,
    promo_code               TEXT,
    stripe_promotion_code_id TEXT,
    metadata                 TEXT,
    status_event_at          BIGINT NOT NULL DEFAULT 0,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
);
CREATE INDEX payments_payment_intent ON payments (stripe_payment_intent_id) WHERE stripe_payment_intent_id IS NOT NULL;
CREATE INDEX payments_subscription ON payments (subscription_id) WHERE subscription_id IS NOT NULL;

CREATE TABLE payment_line_items (
    payment_id        TEXT   NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    position          BIGINT NOT NULL,
    product_id        TEXT   NOT NULL,
    variant_id        TEXT   NOT NULL,
    qty               BIGINT NOT NULL CHECK (qty > 0),
    unit_amount_cents BIGINT NOT NULL CHECK (unit_amount_cents >= 0),
    PRIMARY KEY (payment_id, position)
);

CREATE TABLE payment_idempotency_keys (
    caller       TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    fingerprint  TEXT   NOT NULL,
    payment_id   TEXT   NOT NULL,
    lease        TEXT,
    locked_until BIGINT NOT NULL DEFAULT 0,
    response     TEXT,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX payment_idempotency_keys_expiry ON payment_idempotency_keys (expires_at);

CREATE TABLE payment_stripe_customers (
    tenant             TEXT   NOT NULL,
    customer_id        TEXT   NOT NULL,
    stripe_customer_id TEXT   NOT NULL,
    created_at         BIGINT NOT NULL,
    PRIMARY KEY (tenant, customer_id)
);

CREATE TABLE payment_stripe_events (
    stripe_event_id TEXT   PRIMARY KEY,
    id              TEXT   NOT NULL UNIQUE,
    event_type      TEXT   NOT NULL,
    outcome         TEXT   NOT NULL CHECK (outcome IN ('processed', 'ignored')),
    received_at     BIGINT NOT NULL
);

-- +goose Down
DROP TABLE payment_stripe_events;
DROP TABLE payment_stripe_customers;
DROP TABLE payment_idempotency_keys;
DROP TABLE payment_line_items;
DROP TABLE payments;

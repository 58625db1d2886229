-- +goose Up
-- One row per attempt to create a Stripe Checkout Session for a payable
-- entity (company, internal_reference_id). The row exists before Stripe is
-- called: its public_id derives the idempotency key, and its state says how
-- far the attempt got.
--
--   creating     the session is being created at Stripe
--   open         the session is payable
--   complete     Stripe reported the session completed (payment_status says
--                whether the money arrived)
--   expired      the session expired at Stripe
--   invalidated  a newer checkout for the same entity replaced this one
--   failed       Stripe refused or could not be reached: no session
CREATE TABLE stripe_checkouts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id             TEXT    NOT NULL UNIQUE,
    company_id            TEXT    NOT NULL REFERENCES companies(id),
    internal_reference_id TEXT    NOT NULL,
    article_type_id       INTEGER NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('creating', 'open', 'complete', 'expired', 'invalidated', 'failed')),
    payment_status        TEXT    NOT NULL DEFAULT 'unpaid' CHECK (payment_status IN ('unpaid', 'paid', 'no_payment_required', 'failed')),
    ui_mode               TEXT    NOT NULL CHECK (ui_mode IN ('hosted', 'embedded')),
    currency              TEXT    NOT NULL,
    amount_total          INTEGER NOT NULL CHECK (amount_total > 0), -- minor units, VAT included
    stripe_account        TEXT    NOT NULL DEFAULT '',
    session_id            TEXT    UNIQUE,
    payment_intent_id     TEXT    NOT NULL DEFAULT '',
    customer_id           TEXT    NOT NULL DEFAULT '',
    customer_email        TEXT    NOT NULL DEFAULT '',
    -- 1 once Stripe confirmed the session can no longer be paid (expired by
    -- us or by Stripe): invalidated rows with 0 still need an expire call.
    session_closed        INTEGER NOT NULL DEFAULT 0 CHECK (session_closed IN (0, 1)),
    failure               TEXT    NOT NULL DEFAULT '',
    created_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- At most one payable checkout per entity, whatever the interleaving of
-- requests, processes or replicas.
CREATE UNIQUE INDEX stripe_checkouts_one_open ON stripe_checkouts (company_id, internal_reference_id)
    WHERE state IN ('creating', 'open');
CREATE INDEX stripe_checkouts_reference ON stripe_checkouts (company_id, internal_reference_id, state);

-- What each checkout charges for, priced from the catalog when it was made.
CREATE TABLE stripe_checkout_lines (
    checkout_id     INTEGER NOT NULL REFERENCES stripe_checkouts(id) ON DELETE CASCADE,
    line            INTEGER NOT NULL,
    article_id      INTEGER NOT NULL,
    article_type_id INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    unit_price      INTEGER NOT NULL CHECK (unit_price >= 0),
    vat_rate_bp     INTEGER NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (checkout_id, line)
);

-- Stripe events already applied, so a redelivery or replay changes nothing.
CREATE TABLE stripe_events (
    event_id    TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    checkout_id INTEGER NOT NULL REFERENCES stripe_checkouts(id),
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- +goose Down
DROP TABLE stripe_events;
DROP TABLE stripe_checkout_lines;
DROP TABLE stripe_checkouts;

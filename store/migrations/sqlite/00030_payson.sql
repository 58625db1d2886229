-- +goose Up
-- A company's Payson Checkout 2.0 credentials: the agent id and API key
-- paygate authenticates with when it calls Payson for the company. The key is
-- a live credential and has to be stored as given; it never leaves paygate
-- in full (responses show a masked form, logs none of it).
CREATE TABLE payson_settings (
    company_id         TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    agent_id           TEXT NOT NULL CHECK (agent_id <> ''),
    api_key            TEXT NOT NULL CHECK (api_key <> ''),
    receiver_email     TEXT NOT NULL DEFAULT '',
    receiver_firstname TEXT NOT NULL DEFAULT '',
    receiver_lastname  TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per attempt to have a payable entity (company, internal reference)
-- paid through a Payson checkout. The row exists before Payson is called;
-- its reference is sent as merchant.reference, since Payson has no
-- idempotency key of its own.
--
--   creating     the checkout is being created at Payson
--   active       the entity's current checkout, whatever its Payson status
--   invalidated  a newer checkout replaced this one; it was canceled at
--                Payson or had ended there already
--   failed       Payson refused or could not be reached: no checkout
CREATE TABLE payson_checkouts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    reference             TEXT    NOT NULL UNIQUE,
    company_id            TEXT    NOT NULL REFERENCES companies(id),
    internal_reference_id TEXT    NOT NULL,
    article_type_id       INTEGER NOT NULL,
    payment_origin        INTEGER NOT NULL,
    test_mode             INTEGER NOT NULL CHECK (test_mode IN (0, 1)),
    currency              TEXT    NOT NULL,
    amount_total          INTEGER NOT NULL CHECK (amount_total > 0), -- minor units, VAT included
    state                 TEXT    NOT NULL CHECK (state IN ('creating', 'active', 'invalidated', 'failed')),
    checkout_id           TEXT    UNIQUE,                  -- Payson's id, once created
    status                TEXT    NOT NULL DEFAULT '',     -- Payson's status as last read back
    -- status_rank orders statuses along Payson's machine so that a stale
    -- read never moves a checkout backwards; the caller computes it.
    status_rank           INTEGER NOT NULL DEFAULT 0,
    credited_amount       INTEGER NOT NULL DEFAULT 0 CHECK (credited_amount >= 0),
    snippet               TEXT    NOT NULL DEFAULT '',
    failure               TEXT    NOT NULL DEFAULT '',
    -- Unix milliseconds of the ship request under way, so that two
    -- administrators never send the same payment request at once.
    ship_claimed_at       INTEGER,
    created_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One creation at a time and one current checkout per entity, whatever the
-- interleaving of requests, processes or replicas.
CREATE UNIQUE INDEX payson_checkouts_one_creating ON payson_checkouts (company_id, internal_reference_id)
    WHERE state = 'creating';
CREATE UNIQUE INDEX payson_checkouts_one_active ON payson_checkouts (company_id, internal_reference_id)
    WHERE state = 'active';

-- +goose Down
DROP TABLE payson_checkouts;
DROP TABLE payson_settings;

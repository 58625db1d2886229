-- +goose Up
-- BillRun accounts whose cards the StripeCheckout gateway saves. The email
-- finds (or creates) the account's Stripe customer.
CREATE TABLE billrun_accounts (
    aid        INTEGER PRIMARY KEY,
    email      TEXT NOT NULL DEFAULT '',
    firstname  TEXT NOT NULL DEFAULT '',
    lastname   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One getRequest → okPage handshake (BillRun's creditproxy row), keyed by
-- the 19-digit txId. pending: row written, Stripe not yet answered; open:
-- the Checkout Session exists; failed: getRequest failed (error says why);
-- done: okPage saved the card.
CREATE TABLE billrun_transactions (
    tx          TEXT    PRIMARY KEY CHECK (length(tx) = 19),
    name        TEXT    NOT NULL,                 -- StripeCheckout or StripeCheckout#instance
    aid         INTEGER NOT NULL REFERENCES billrun_accounts (aid),
    t           TEXT    NOT NULL,                 -- the caller's _t_
    return_url  TEXT    NOT NULL DEFAULT '',      -- the tenant return URL okPage redirects to
    customer_id TEXT    NOT NULL DEFAULT '',      -- cus_…
    session_id  TEXT    NOT NULL DEFAULT '',      -- cs_…
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'open', 'failed', 'done')),
    error       TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    done_at     TEXT,
    CHECK (status <> 'open' OR (customer_id <> '' AND session_id <> ''))
);

-- Saved cards (BillRun's payment_gateway.active and .former): one per
-- completed transaction, at most one active per account.
CREATE TABLE billrun_payment_methods (
    tx                TEXT    PRIMARY KEY REFERENCES billrun_transactions (tx),
    aid               INTEGER NOT NULL REFERENCES billrun_accounts (aid),
    name              TEXT    NOT NULL,
    customer_id       TEXT    NOT NULL CHECK (customer_id <> ''),
    payment_method_id TEXT    NOT NULL CHECK (payment_method_id <> ''),
    four_digits       TEXT    NOT NULL,
    exp_month         INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year          INTEGER NOT NULL CHECK (exp_year BETWEEN 1000 AND 9999),
    active            INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at        TEXT    NOT NULL
);
CREATE UNIQUE INDEX billrun_payment_methods_active ON billrun_payment_methods (aid) WHERE active = 1;

-- +goose Down
DROP TABLE billrun_payment_methods;
DROP TABLE billrun_transactions;
DROP TABLE billrun_accounts;

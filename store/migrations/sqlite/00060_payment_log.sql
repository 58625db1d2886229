-- +goose Up
-- BokaMera's payment log: one row per payment taken by a Stripe Checkout 1.0
-- session or a Payson Checkout 2.0 checkout, written in the transaction that
-- records the provider's state change, so a log row exists exactly when the
-- checkout says money moved. Times are Unix milliseconds (UTC) written by
-- paygate.
--
--   pending  the customer paid but the money is not ours yet: a delayed
--            Stripe payment under way, a Payson checkout ReadyToShip
--   paid     the money arrived (Stripe paid; Payson Shipped, PaidToAccount)
--   failed   it never will: the delayed payment failed, the Payson checkout
--            was canceled or expired before shipping
CREATE TABLE payment_log (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id            TEXT    NOT NULL REFERENCES companies(id),
    internal_reference_id TEXT    NOT NULL,
    article_type_id       INTEGER NOT NULL,
    provider              TEXT    NOT NULL CHECK (provider IN ('stripe', 'payson')),
    checkout_row          INTEGER NOT NULL, -- stripe_checkouts.id or payson_checkouts.id
    checkout_ref          TEXT    NOT NULL, -- Stripe session id, Payson checkout id
    payment_ref           TEXT    NOT NULL DEFAULT '', -- Stripe PaymentIntent, Payson purchase id
    stripe_account        TEXT    NOT NULL DEFAULT '',
    test_mode             INTEGER NOT NULL DEFAULT 0 CHECK (test_mode IN (0, 1)),
    currency              TEXT    NOT NULL,
    amount                INTEGER NOT NULL CHECK (amount > 0), -- minor units, VAT included
    vat_amount            INTEGER NOT NULL CHECK (vat_amount >= 0),
    status                TEXT    NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    provider_status       TEXT    NOT NULL,
    -- refund_reserved counts every refund not known to have failed, refunded
    -- those that succeeded. The checks are the last line of the rule that
    -- money given back never exceeds money taken, whatever the interleaving.
    refund_reserved       INTEGER NOT NULL DEFAULT 0 CHECK (refund_reserved >= 0 AND refund_reserved <= amount),
    refunded              INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= refund_reserved),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    -- A webhook or notification replayed writes no second row.
    UNIQUE (provider, checkout_row)
);
CREATE INDEX payment_log_company ON payment_log (company_id, article_type_id, created_at);

-- What each payment paid for, as priced when the checkout was made.
CREATE TABLE payment_log_articles (
    payment_id      INTEGER NOT NULL REFERENCES payment_log(id) ON DELETE CASCADE,
    line            INTEGER NOT NULL,
    article_id      INTEGER NOT NULL,
    article_type_id INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    unit_price      INTEGER NOT NULL,
    quantity        INTEGER NOT NULL,
    PRIMARY KEY (payment_id, line)
);

-- Money given back, beside the payment it came from. A refund asked of
-- paygate is a row before the provider is called: its public_id derives
-- the idempotency key. One made at the provider (Stripe's dashboard) is
-- recorded when its event arrives.
--
--   creating   the provider is being asked; a recoverer settles rows left so
--   pending    the provider took it and has not finished (Stripe pending)
--   succeeded  the money went back
--   failed     the provider refused it or it failed later; it reserves nothing
CREATE TABLE payment_refunds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id     TEXT    NOT NULL UNIQUE,
    payment_id    INTEGER NOT NULL REFERENCES payment_log(id),
    provider      TEXT    NOT NULL CHECK (provider IN ('stripe', 'payson')),
    origin        TEXT    NOT NULL CHECK (origin IN ('paygate', 'provider')),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    state         TEXT    NOT NULL CHECK (state IN ('creating', 'pending', 'succeeded', 'failed')),
    provider_ref  TEXT    UNIQUE, -- Stripe's re_ id; NULL until known, and for Payson
    -- Payson credits are absolute amounts per order item: the targets a
    -- refund sends, kept so that a retry sends the same ones.
    plan          TEXT    NOT NULL DEFAULT '',
    comments      TEXT    NOT NULL DEFAULT '',
    failure       TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id);
CREATE INDEX payment_refunds_in_flight ON payment_refunds (state, updated_at) WHERE state = 'creating';
-- Payson credits overwrite each other's targets, so one payment has one
-- Payson credit under way at a time.
CREATE UNIQUE INDEX payment_refunds_one_payson_credit ON payment_refunds (payment_id)
    WHERE state = 'creating' AND provider = 'payson';

-- +goose Down
DROP TABLE payment_refunds;
DROP TABLE payment_log_articles;
DROP TABLE payment_log;

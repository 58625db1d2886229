-- +goose Up
-- A company's choice of checkout product and what that product needs. One row
-- per company; the provider numbers are paygate's own (see
-- store.PaymentProvider), since BokaMera publishes none.
CREATE TABLE payment_settings (
    company_id             TEXT    PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    enabled                INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    payment_provider_id    INTEGER NOT NULL,
    stripe_account         TEXT    NOT NULL DEFAULT '', -- acct_…; empty: the platform account
    currency               TEXT    NOT NULL DEFAULT '', -- ISO 4217; empty: the articles decide
    default_confirmation_url TEXT  NOT NULL DEFAULT '',
    created_at             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at             TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- +goose Down
DROP TABLE payment_settings;

-- +goose Up
-- Webhook endpoints registered at Stripe and the signing secrets that verify
-- their deliveries. Stripe shows a secret only once, on create.
CREATE TABLE stripe_webhooks (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id      TEXT    NOT NULL UNIQUE,
    company_id     TEXT    NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    state          TEXT    NOT NULL CHECK (state IN ('creating', 'active', 'failed')),
    url            TEXT    NOT NULL,
    events         TEXT    NOT NULL, -- comma-separated event types
    connect        INTEGER NOT NULL DEFAULT 0 CHECK (connect IN (0, 1)),
    stripe_account TEXT    NOT NULL DEFAULT '', -- the account the endpoint lives on; empty: the platform
    endpoint_id    TEXT    UNIQUE,
    secret         TEXT    NOT NULL DEFAULT '',
    failure        TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX stripe_webhooks_company ON stripe_webhooks (company_id, state);

-- +goose Down
DROP TABLE stripe_webhooks;

-- +goose Up
-- PostgreSQL twin of sqlite/00020. Flags are 0/1 integers on both engines,
-- so that the same queries work on both.
CREATE TABLE payment_settings (
    company_id               TEXT   PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    enabled                  BIGINT NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    payment_provider_id      BIGINT NOT NULL,
    stripe_account           TEXT   NOT NULL DEFAULT '',
    currency                 TEXT   NOT NULL DEFAULT '',
    default_confirmation_url TEXT   NOT NULL DEFAULT '',
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
);

-- +goose Down
DROP TABLE payment_settings;

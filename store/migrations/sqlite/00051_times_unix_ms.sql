-- +goose Up
-- One time encoding everywhere: Unix milliseconds (UTC) in INTEGER columns,
-- written by paygate rather than by SQL defaults (the payments tables had it
-- already). The text times of existing rows are converted; SQLite cannot
-- change a column's type, so each gets a new column that takes the old
-- one's name. ADD COLUMN wants a default for NOT NULL: 0, never used, since
-- every insert names its times.

ALTER TABLE companies ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE companies SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE companies DROP COLUMN created_at;
ALTER TABLE companies RENAME COLUMN created_at_ms TO created_at;

ALTER TABLE api_keys ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_keys ADD COLUMN revoked_at_ms INTEGER;
UPDATE api_keys SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), revoked_at_ms = CAST(ROUND((julianday(revoked_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE api_keys DROP COLUMN created_at;
ALTER TABLE api_keys RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE api_keys DROP COLUMN revoked_at;
ALTER TABLE api_keys RENAME COLUMN revoked_at_ms TO revoked_at;

ALTER TABLE payment_settings ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_settings ADD COLUMN updated_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE payment_settings SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), updated_at_ms = CAST(ROUND((julianday(updated_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE payment_settings DROP COLUMN created_at;
ALTER TABLE payment_settings RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE payment_settings DROP COLUMN updated_at;
ALTER TABLE payment_settings RENAME COLUMN updated_at_ms TO updated_at;

ALTER TABLE stripe_checkouts ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stripe_checkouts ADD COLUMN updated_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE stripe_checkouts SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), updated_at_ms = CAST(ROUND((julianday(updated_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE stripe_checkouts DROP COLUMN created_at;
ALTER TABLE stripe_checkouts RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE stripe_checkouts DROP COLUMN updated_at;
ALTER TABLE stripe_checkouts RENAME COLUMN updated_at_ms TO updated_at;

ALTER TABLE stripe_events ADD COLUMN received_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE stripe_events SET received_at_ms = CAST(ROUND((julianday(received_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE stripe_events DROP COLUMN received_at;
ALTER TABLE stripe_events RENAME COLUMN received_at_ms TO received_at;

ALTER TABLE stripe_webhooks ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE stripe_webhooks SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE stripe_webhooks DROP COLUMN created_at;
ALTER TABLE stripe_webhooks RENAME COLUMN created_at_ms TO created_at;

ALTER TABLE payson_settings ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payson_settings ADD COLUMN updated_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE payson_settings SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), updated_at_ms = CAST(ROUND((julianday(updated_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE payson_settings DROP COLUMN created_at;
ALTER TABLE payson_settings RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE payson_settings DROP COLUMN updated_at;
ALTER TABLE payson_settings RENAME COLUMN updated_at_ms TO updated_at;

ALTER TABLE payson_checkouts ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payson_checkouts ADD COLUMN updated_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE payson_checkouts SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), updated_at_ms = CAST(ROUND((julianday(updated_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE payson_checkouts DROP COLUMN created_at;
ALTER TABLE payson_checkouts RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE payson_checkouts DROP COLUMN updated_at;
ALTER TABLE payson_checkouts RENAME COLUMN updated_at_ms TO updated_at;

ALTER TABLE billrun_accounts ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE billrun_accounts ADD COLUMN updated_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE billrun_accounts SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), updated_at_ms = CAST(ROUND((julianday(updated_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE billrun_accounts DROP COLUMN created_at;
ALTER TABLE billrun_accounts RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE billrun_accounts DROP COLUMN updated_at;
ALTER TABLE billrun_accounts RENAME COLUMN updated_at_ms TO updated_at;

ALTER TABLE billrun_transactions ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE billrun_transactions ADD COLUMN expires_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE billrun_transactions ADD COLUMN done_at_ms INTEGER;
UPDATE billrun_transactions SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER), expires_at_ms = CAST(ROUND((julianday(expires_at) - 2440587.5) * 86400000.0) AS INTEGER), done_at_ms = CAST(ROUND((julianday(done_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE billrun_transactions DROP COLUMN created_at;
ALTER TABLE billrun_transactions RENAME COLUMN created_at_ms TO created_at;
ALTER TABLE billrun_transactions DROP COLUMN expires_at;
ALTER TABLE billrun_transactions RENAME COLUMN expires_at_ms TO expires_at;
ALTER TABLE billrun_transactions DROP COLUMN done_at;
ALTER TABLE billrun_transactions RENAME COLUMN done_at_ms TO done_at;

ALTER TABLE billrun_payment_methods ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
UPDATE billrun_payment_methods SET created_at_ms = CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER);
ALTER TABLE billrun_payment_methods DROP COLUMN created_at;
ALTER TABLE billrun_payment_methods RENAME COLUMN created_at_ms TO created_at;

-- +goose Down
-- Not reversible: the text times are gone.
SELECT 1;

-- +goose Up
-- PostgreSQL twin of sqlite/00091.
-- A signed getRequest makes one transaction: the signature (_sig_, an HMAC
-- of the whole request) is kept, and a replay of it inside its validity
-- window finds this transaction instead of making a new one. NULL for
-- requests authenticated by a Bearer credential, which sign nothing.
ALTER TABLE billrun_transactions ADD COLUMN sig TEXT;
CREATE UNIQUE INDEX billrun_transactions_sig ON billrun_transactions (sig);

-- +goose Down
DROP INDEX billrun_transactions_sig;
ALTER TABLE billrun_transactions DROP COLUMN sig;

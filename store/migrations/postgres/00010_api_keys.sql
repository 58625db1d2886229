-- +goose Up
-- PostgreSQL twin of sqlite/00010.
CREATE TABLE api_keys (
    id         TEXT   PRIMARY KEY,
    hash       BYTEA  NOT NULL,
    name       TEXT   NOT NULL DEFAULT '',
    company_id TEXT   REFERENCES companies(id) ON DELETE CASCADE,
    roles      TEXT   NOT NULL DEFAULT '[]',
    scopes     TEXT   NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX api_keys_company ON api_keys (company_id);

-- +goose Down
DROP TABLE api_keys;

-- +goose Up
-- API keys. The key itself is shown once at creation and never stored: only
-- its SHA-256 (keys are 256 random bits, so a slow hash would add nothing
-- but latency) and the non-secret id that precedes the secret part.
CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,                                   -- the 8 characters after "ak_"
    hash       BLOB NOT NULL,                                      -- SHA-256 of the whole key
    name       TEXT NOT NULL DEFAULT '',
    company_id TEXT REFERENCES companies(id) ON DELETE CASCADE,    -- NULL: no company (superadmin tooling)
    roles      TEXT NOT NULL DEFAULT '[]',                         -- JSON array of strings
    scopes     TEXT NOT NULL DEFAULT '[]',                         -- JSON array of strings
    created_at TEXT NOT NULL,                                      -- RFC 3339, UTC
    revoked_at TEXT                                                -- NULL while the key is live
);

CREATE INDEX api_keys_company ON api_keys (company_id);

-- +goose Down
DROP TABLE api_keys;

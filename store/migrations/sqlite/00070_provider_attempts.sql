-- +goose Up
-- Provider calls in flight. A row is written before a provider is called
-- that may create or move money, and deleted once the call's outcome is
-- recorded on its own row (a checkout, a transaction, a payment). A row that
-- outlives its attempt bound was left by a crash or a time-out: the
-- recoverer of every serve process settles it with the provider. Times are
-- Unix milliseconds (UTC).
CREATE TABLE provider_attempts (
    kind        TEXT    NOT NULL,            -- which settler owns it, e.g. stripev1-checkout
    ref         TEXT    NOT NULL,            -- the attempt's own row, in its kind's table
    request     TEXT    NOT NULL DEFAULT '', -- JSON the settler rebuilds the exact call from
    started_at  INTEGER NOT NULL,
    -- A recoverer holds the row until lease_until (claimed with a
    -- conditional UPDATE, so replicas never settle it twice at once); after
    -- a failed settlement it is the time of the next try.
    lease_owner TEXT    NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    tries       INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    review_at   INTEGER,                     -- set once it could not be settled: for a person
    PRIMARY KEY (kind, ref)
);
CREATE INDEX provider_attempts_due ON provider_attempts (started_at);

-- +goose Down
DROP TABLE provider_attempts;

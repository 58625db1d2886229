-- +goose Up
-- PostgreSQL twin of sqlite/00070.
CREATE TABLE provider_attempts (
    kind        TEXT   NOT NULL,
    ref         TEXT   NOT NULL,
    request     TEXT   NOT NULL DEFAULT '',
    started_at  BIGINT NOT NULL,
    lease_owner TEXT   NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    tries       BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT   NOT NULL DEFAULT '',
    review_at   BIGINT,
    PRIMARY KEY (kind, ref)
);
CREATE INDEX provider_attempts_due ON provider_attempts (started_at);

-- +goose Down
DROP TABLE provider_attempts;

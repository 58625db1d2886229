-- +goose Up
-- PostgreSQL twin of sqlite/00040.
CREATE TABLE billrun_accounts (
    aid        BIGINT PRIMARY KEY,
    email      TEXT   NOT NULL DEFAULT '',
    firstname  TEXT   NOT NULL DEFAULT '',
    lastname   TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE billrun_transactions (
    tx          TEXT   PRIMARY KEY CHECK (length(tx) = 19),
    name        TEXT   NOT NULL,
    aid         BIGINT NOT NULL REFERENCES billrun_accounts (aid),
    t           TEXT   NOT NULL,
    return_url  TEXT   NOT NULL DEFAULT '',
    customer_id TEXT   NOT NULL DEFAULT '',
    session_id  TEXT   NOT NULL DEFAULT '',
    status      TEXT   NOT NULL CHECK (status IN ('pending', 'open', 'failed', 'done')),
    error       TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    done_at     BIGINT,
    CHECK (status <> 'open' OR (customer_id <> '' AND session_id <> ''))
);

CREATE TABLE billrun_payment_methods (
    tx                TEXT   PRIMARY KEY REFERENCES billrun_transactions (tx),
    aid               BIGINT NOT NULL REFERENCES billrun_accounts (aid),
    name              TEXT   NOT NULL,
    customer_id       TEXT   NOT NULL CHECK (customer_id <> ''),
    payment_method_id TEXT   NOT NULL CHECK (payment_method_id <> ''),
    four_digits       TEXT   NOT NULL,
    exp_month         BIGINT NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year          BIGINT NOT NULL CHECK (exp_year BETWEEN 1000 AND 9999),
    active            BIGINT NOT NULL CHECK (active IN (0, 1)),
    created_at        BIGINT NOT NULL
);
CREATE UNIQUE INDEX billrun_payment_methods_active ON billrun_payment_methods (aid) WHERE active = 1;

-- +goose Down
DROP TABLE billrun_payment_methods;
DROP TABLE billrun_transactions;
DROP TABLE billrun_accounts;

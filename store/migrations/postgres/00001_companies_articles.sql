-- +goose Up
-- PostgreSQL twin of sqlite/00001; see there for what the tables mean.
-- Times are BIGINT Unix milliseconds (UTC) from the start (sqlite/00051).
CREATE TABLE companies (
    id         TEXT   PRIMARY KEY,
    name       TEXT   NOT NULL,
    currency   TEXT   NOT NULL DEFAULT 'SEK',
    created_at BIGINT NOT NULL
);

CREATE TABLE articles (
    company_id      TEXT   NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    article_id      BIGINT NOT NULL,
    article_type_id BIGINT NOT NULL,
    name            TEXT   NOT NULL,
    unit_price      BIGINT NOT NULL CHECK (unit_price >= 0),
    vat_rate_bp     BIGINT NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
    currency        TEXT   NOT NULL,
    PRIMARY KEY (company_id, article_id, article_type_id)
);

-- +goose Down
DROP TABLE articles;
DROP TABLE companies;

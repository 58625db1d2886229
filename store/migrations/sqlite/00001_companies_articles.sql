-- +goose Up
CREATE TABLE companies (
    id         TEXT PRIMARY KEY,          -- Guid, lower-case with dashes
    name       TEXT NOT NULL,
    currency   TEXT NOT NULL DEFAULT 'SEK',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The article catalog: what a checkout may charge for, priced by us, never
-- by the caller. Prices are minor units (öre, cents) including VAT.
CREATE TABLE articles (
    company_id      TEXT    NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    article_id      INTEGER NOT NULL,
    article_type_id INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    unit_price      INTEGER NOT NULL CHECK (unit_price >= 0),
    vat_rate_bp     INTEGER NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000), -- basis points: 2500 = 25 %
    currency        TEXT    NOT NULL,
    PRIMARY KEY (company_id, article_id, article_type_id)
);

-- +goose Down
DROP TABLE articles;
DROP TABLE companies;

-- +goose Up
-- Notifications about a Stripe Checkout 1.0 session or a Payson checkout
-- that no row names yet: they can arrive before the transaction that
-- records the provider's id commits. Each is kept here and applied when a
-- row gets that id. provider is the surface (stripev1, payson), ref the
-- provider's id of the session or checkout; a Stripe event is kept
-- verified, as received, with the company and account of the endpoint that
-- verified it. A Payson notification carries nothing to trust but the
-- checkout id: the checkout is read back from Payson when it is applied.
-- Times are Unix milliseconds (UTC).
CREATE TABLE early_notifications (
    provider    TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    ref         TEXT    NOT NULL,
    company_id  TEXT    NOT NULL DEFAULT '',
    account     TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL DEFAULT '',
    received_at BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX early_notifications_ref ON early_notifications (provider, ref);

-- +goose Down
DROP TABLE early_notifications;

-- +goose Up
-- Verified Stripe events that name a PaymentIntent or Subscription no
-- payment has yet: the event can arrive before the transaction that writes
-- its payment commits (a subscription's first events are sent as Stripe
-- creates it). The move is kept here and applied in the transaction that
-- writes the payment. Times are Unix milliseconds (UTC), created Stripe's
-- Unix seconds.
CREATE TABLE payment_early_events (
    stripe_event_id   TEXT    PRIMARY KEY,
    payment_intent_id TEXT    NOT NULL DEFAULT '',
    subscription_id   TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL,
    event_created     INTEGER NOT NULL,
    received_at       INTEGER NOT NULL
);
CREATE INDEX payment_early_events_payment_intent ON payment_early_events (payment_intent_id);
CREATE INDEX payment_early_events_subscription ON payment_early_events (subscription_id);

-- +goose Down
DROP TABLE payment_early_events;

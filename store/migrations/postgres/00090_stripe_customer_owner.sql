-- +goose Up
-- PostgreSQL twin of sqlite/00090.
-- A Stripe customer belongs to one tenant's customer: /v1 accepts a
-- stripe_customer_id only when it is recorded for the caller's tenant, so
-- the schema keeps one customer from being recorded for two.
CREATE UNIQUE INDEX payment_stripe_customers_stripe_id ON payment_stripe_customers (stripe_customer_id);

-- +goose Down
DROP INDEX payment_stripe_customers_stripe_id;

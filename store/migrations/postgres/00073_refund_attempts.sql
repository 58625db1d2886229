-- +goose Up
-- A refund of ours is an attempt from the transaction that begins it to
-- the one that settles it, so that the recoverer retries it a bounded
-- number of times and marks it for review like any other attempt. Refunds
-- creating now become attempts from their last move.
INSERT INTO provider_attempts (kind, ref, started_at)
    SELECT 'refund', public_id, updated_at FROM payment_refunds WHERE state = 'creating'
    ON CONFLICT (kind, ref) DO NOTHING;

-- +goose Down
DELETE FROM provider_attempts WHERE kind = 'refund';

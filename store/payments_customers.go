package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StripeCustomerOf returns the Stripe customer recorded for a tenant's
// customer id, or ErrNotFound.
func (db *DB) StripeCustomerOf(ctx context.Context, tenant, customerID string) (string, error) {
	var id string
	err := db.conn.QueryRowContext(ctx, `SELECT stripe_customer_id FROM payment_stripe_customers
		WHERE tenant = ? AND customer_id = ?`, tenant, customerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: stripe customer of %s: %w", customerID, err)
	}
	return id, nil
}

// SaveStripeCustomer records stripeID for a tenant's customer id unless one
// is recorded already, and returns the recorded one: when two requests
// create a customer at once, both go on with the first.
func (db *DB) SaveStripeCustomer(ctx context.Context, tenant, customerID, stripeID string, now time.Time) (string, error) {
	_, err := db.conn.ExecContext(ctx, `INSERT INTO payment_stripe_customers (tenant, customer_id, stripe_customer_id, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (tenant, customer_id) DO NOTHING`, tenant, customerID, stripeID, now.UnixMilli())
	if err != nil {
		return "", fmt.Errorf("store: save stripe customer of %s: %w", customerID, err)
	}
	return db.StripeCustomerOf(ctx, tenant, customerID)
}

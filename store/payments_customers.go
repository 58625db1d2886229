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
	_, err := db.exec(ctx, `INSERT INTO payment_stripe_customers (tenant, customer_id, stripe_customer_id, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (tenant, customer_id) DO NOTHING`, tenant, customerID, stripeID, now.UnixMilli())
	if err != nil {
		return "", fmt.Errorf("store: save stripe customer of %s: %w", customerID, err)
	}
	return db.StripeCustomerOf(ctx, tenant, customerID)
}

// ErrCustomerLinked is returned by LinkStripeCustomer when the customer
// has another Stripe customer, or the Stripe customer belongs to another.
var ErrCustomerLinked = errors.New("customer already linked")

// StripeCustomerOwner returns the tenant and customer id a Stripe customer
// is recorded for, or ErrNotFound.
func (db *DB) StripeCustomerOwner(ctx context.Context, stripeID string) (tenant, customerID string, err error) {
	err = db.conn.QueryRowContext(ctx, `SELECT tenant, customer_id FROM payment_stripe_customers
		WHERE stripe_customer_id = ?`, stripeID).Scan(&tenant, &customerID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ErrNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("store: owner of stripe customer %s: %w", stripeID, err)
	}
	return tenant, customerID, nil
}

// LinkStripeCustomer records stripeID, an existing Stripe customer, as the
// one of a tenant's customer id. Recording the same link again changes
// nothing; a customer linked to another Stripe customer, or a Stripe
// customer linked to another, is ErrCustomerLinked (the schema's unique
// keys decide, so two links at once cannot both win).
func (db *DB) LinkStripeCustomer(ctx context.Context, tenant, customerID, stripeID string, now time.Time) error {
	_, err := db.exec(ctx, `INSERT INTO payment_stripe_customers (tenant, customer_id, stripe_customer_id, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, tenant, customerID, stripeID, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: link stripe customer %s: %w", stripeID, err)
	}
	t, c, err := db.StripeCustomerOwner(ctx, stripeID)
	switch {
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("%w: %s already has another Stripe customer", ErrCustomerLinked, customerID)
	case err != nil:
		return err
	case t != tenant || c != customerID:
		return fmt.Errorf("%w: %s is recorded for another customer", ErrCustomerLinked, stripeID)
	}
	return nil
}

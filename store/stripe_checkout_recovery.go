package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// StripeCheckoutByPublicID returns the checkout whose public id derives its
// idempotency key, with its lines, or ErrNotFound.
func (db *DB) StripeCheckoutByPublicID(ctx context.Context, public uuid.UUID) (StripeCheckout, error) {
	list, err := queryCheckouts(ctx, db.conn, "", `public_id = ?`, public.String())
	if err != nil {
		return StripeCheckout{}, fmt.Errorf("store: checkout %s: %w", public, err)
	}
	if len(list) == 0 {
		return StripeCheckout{}, ErrNotFound
	}
	c := list[0]
	rows, err := db.conn.QueryContext(ctx, `SELECT article_id, article_type_id, name, unit_price, vat_rate_bp, quantity
		FROM stripe_checkout_lines WHERE checkout_id = ? ORDER BY line`, c.ID)
	if err != nil {
		return StripeCheckout{}, fmt.Errorf("store: lines of checkout %s: %w", public, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l CheckoutLine
		if err := rows.Scan(&l.ArticleID, &l.ArticleTypeID, &l.Name, &l.UnitPrice, &l.VATRateBP, &l.Quantity); err != nil {
			return StripeCheckout{}, fmt.Errorf("store: lines of checkout %s: %w", public, err)
		}
		c.Lines = append(c.Lines, l)
	}
	return c, rows.Err()
}

// UnclosedStripeCheckouts lists the invalidated checkouts of an entity,
// other than except, whose sessions Stripe may still take payment on.
func (db *DB) UnclosedStripeCheckouts(ctx context.Context, company uuid.UUID, ref string, except int64) ([]StripeCheckout, error) {
	list, err := queryCheckouts(ctx, db.conn, "", `company_id = ? AND internal_reference_id = ? AND id != ?
		AND state = 'invalidated' AND session_closed = 0 AND session_id IS NOT NULL`, company.String(), ref, except)
	if err != nil {
		return nil, fmt.Errorf("store: unclosed checkouts of %s: %w", ref, err)
	}
	return list, nil
}

// StripeWebhookCreating returns the webhook whose public id derives its
// idempotency key, if its endpoint is still being created at Stripe;
// ErrNotFound otherwise.
func (db *DB) StripeWebhookCreating(ctx context.Context, public uuid.UUID) (StripeWebhook, error) {
	w := StripeWebhook{PublicID: public}
	var comp, events string
	err := db.conn.QueryRowContext(ctx, `SELECT id, company_id, url, events, connect, stripe_account
		FROM stripe_webhooks WHERE public_id = ? AND state = 'creating'`, public.String()).
		Scan(&w.ID, &comp, &w.URL, &events, &w.Connect, &w.StripeAccount)
	if errors.Is(err, sql.ErrNoRows) {
		return StripeWebhook{}, ErrNotFound
	}
	if err != nil {
		return StripeWebhook{}, fmt.Errorf("store: webhook %s: %w", public, err)
	}
	if w.CompanyID, err = uuid.Parse(comp); err != nil {
		return StripeWebhook{}, fmt.Errorf("store: webhook %s: %w", public, err)
	}
	if events != "" {
		w.Events = strings.Split(events, ",")
	}
	return w, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Payment is a payment of the payments /v1 surface.
type Payment struct {
	ID                    string
	Tenant                string // company:<uuid> or user:<id>
	CustomerID            string
	OrderID               *string
	AmountCents           int64 // what Stripe charges, after any discount
	DiscountCents         int64
	Currency              string
	Status                string
	Mode                  string
	StripeCustomerID      string
	StripePaymentIntentID *string
	SubscriptionID        *string
	SubscriptionPlanID    *string
	PromoCode             *string
	StripePromotionCodeID *string
	Metadata              []byte // a JSON object, or nil
	LineItems             []PaymentLineItem
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

// PaymentLineItem is one line of a payment, as the caller sent it.
type PaymentLineItem struct {
	ProductID       string
	VariantID       string
	Qty             int64
	UnitAmountCents int64
}

// ErrLeaseLost is returned by CreatePayment when the idempotency key it was
// to complete is no longer held by the caller's reservation (another request
// took it over, or completed it). Nothing is written.
var ErrLeaseLost = errors.New("idempotency key no longer held")

// CreatePayment inserts p with its line items. With key, the same
// transaction completes that reservation with response, so a payment and
// the record that replays it exist together or not at all; done, the
// create's attempt, ends in it too.
func (db *DB) CreatePayment(ctx context.Context, p Payment, key *IdempotencyLease, response []byte, done AttemptDone) error {
	return db.tx(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payments (id, tenant, customer_id, order_id, amount_cents,
			discount_cents, currency, status, mode, stripe_customer_id, stripe_payment_intent_id, subscription_id,
			subscription_plan_id, promo_code, stripe_promotion_code_id, metadata, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.Tenant, p.CustomerID, p.OrderID, p.AmountCents, p.DiscountCents, p.Currency, p.Status, p.Mode,
			p.StripeCustomerID, p.StripePaymentIntentID, p.SubscriptionID, p.SubscriptionPlanID, p.PromoCode,
			p.StripePromotionCodeID, nullBytes(p.Metadata), p.CreatedAt.UnixMilli(), p.UpdatedAt.UnixMilli())
		if err != nil {
			return fmt.Errorf("store: insert payment %s: %w", p.ID, err)
		}
		for i, li := range p.LineItems {
			_, err := tx.ExecContext(ctx, `INSERT INTO payment_line_items
				(payment_id, position, product_id, variant_id, qty, unit_amount_cents) VALUES (?, ?, ?, ?, ?, ?)`,
				p.ID, i, li.ProductID, li.VariantID, li.Qty, li.UnitAmountCents)
			if err != nil {
				return fmt.Errorf("store: insert payment %s line %d: %w", p.ID, i, err)
			}
		}
		// Stripe's events may have come before this commit.
		if err := applyEarlyEvents(ctx, tx, p, db.now()); err != nil {
			return err
		}
		if err := endAttempt(ctx, tx, done); err != nil {
			return err
		}
		if key == nil {
			return nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE payment_idempotency_keys SET response = ?, lease = NULL, locked_until = 0
			WHERE caller = ? AND key = ? AND lease = ? AND response IS NULL`,
			string(response), key.Caller, key.Key, key.Lease)
		if err != nil {
			return fmt.Errorf("store: complete idempotency key: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: complete idempotency key: %w", err)
		} else if n == 0 {
			return ErrLeaseLost
		}
		return nil
	})
}

// PaymentOf returns the payment id of tenant, or ErrNotFound (also for
// another tenant's payment, whose existence is not revealed). Line items
// are not loaded.
func (db *DB) PaymentOf(ctx context.Context, tenant, id string) (Payment, error) {
	p := Payment{ID: id, Tenant: tenant}
	var metadata sql.NullString
	var created, updated int64
	err := db.conn.QueryRowContext(ctx, `SELECT customer_id, order_id, amount_cents, discount_cents, currency, status,
		mode, stripe_customer_id, stripe_payment_intent_id, subscription_id, subscription_plan_id, promo_code,
		stripe_promotion_code_id, metadata, created_at, updated_at
		FROM payments WHERE id = ? AND tenant = ?`, id, tenant).Scan(
		&p.CustomerID, &p.OrderID, &p.AmountCents, &p.DiscountCents, &p.Currency, &p.Status, &p.Mode,
		&p.StripeCustomerID, &p.StripePaymentIntentID, &p.SubscriptionID, &p.SubscriptionPlanID, &p.PromoCode,
		&p.StripePromotionCodeID, &metadata, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Payment{}, ErrNotFound
	}
	if err != nil {
		return Payment{}, fmt.Errorf("store: payment %s: %w", id, err)
	}
	if metadata.Valid {
		p.Metadata = []byte(metadata.String)
	}
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return p, nil
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// BeginStripeCheckout records c (state creating, with its lines) as the one
// payable checkout of its entity, in one write transaction: it refuses a
// settled entity with *AlreadyPaidError, marks the entity's creating and
// open checkouts invalidated, and returns the new row with the checkouts
// whose sessions the caller must still expire at Stripe (these, and earlier
// invalidated ones whose expiry never got through).
//
// A PublicID set by the caller is kept: att, the attempt that names it, is
// recorded in the same transaction.
func (db *DB) BeginStripeCheckout(ctx context.Context, c StripeCheckout, att AttemptStart) (StripeCheckout, []StripeCheckout, error) {
	if c.PublicID == uuid.Nil {
		c.PublicID = uuid.New()
	}
	c.State = CheckoutCreating
	c.PaymentStatus = PaymentUnpaid
	c.Currency = strings.ToUpper(c.Currency)
	var stale []StripeCheckout
	err := db.tx(ctx, func(tx querier) error {
		var err error
		if stale, err = db.invalidate(ctx, tx, c.CompanyID, c.InternalReferenceID, 0, true); err != nil {
			return err
		}
		if err := beginAttempt(ctx, tx, att); err != nil {
			return err
		}
		now := ms(db.now())
		err = tx.QueryRowContext(ctx, `INSERT INTO stripe_checkouts (public_id, company_id, internal_reference_id,
			article_type_id, state, payment_status, ui_mode, currency, amount_total, stripe_account, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.PublicID.String(), c.CompanyID.String(), c.InternalReferenceID, c.ArticleTypeID, c.State,
			c.PaymentStatus, c.UIMode, c.Currency, c.AmountTotal, c.StripeAccount, now, now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: insert checkout for %s: %w", c.InternalReferenceID, err)
		}
		for i, l := range c.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO stripe_checkout_lines (checkout_id, line, article_id,
				article_type_id, name, unit_price, vat_rate_bp, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				c.ID, i, l.ArticleID, l.ArticleTypeID, l.Name, l.UnitPrice, l.VATRateBP, l.Quantity); err != nil {
				return fmt.Errorf("store: insert checkout line %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return StripeCheckout{}, nil, err
	}
	return c, stale, nil
}

// InvalidateOtherStripeCheckouts marks the creating and open checkouts of
// settled's entity invalidated, now that settled paid for it, and returns
// those whose sessions the caller must expire at Stripe.
func (db *DB) InvalidateOtherStripeCheckouts(ctx context.Context, settled StripeCheckout) ([]StripeCheckout, error) {
	var stale []StripeCheckout
	err := db.tx(ctx, func(tx querier) error {
		var err error
		stale, err = db.invalidate(ctx, tx, settled.CompanyID, settled.InternalReferenceID, settled.ID, false)
		return err
	})
	return stale, err
}

// invalidate marks an entity's creating and open checkouts, but keep,
// invalidated and returns the checkouts whose sessions may still take
// payment. With refuseSettled it fails with *AlreadyPaidError when a
// checkout settled the entity.
//
// The entity's key is locked first: on PostgreSQL two transactions would
// otherwise both find nothing to invalidate and both insert, and the
// second would fail on stripe_checkouts_one_open (which holds the invariant
// whatever happens) instead of waiting its turn.
func (db *DB) invalidate(ctx context.Context, tx querier, company uuid.UUID, ref string, keep int64, refuseSettled bool) ([]StripeCheckout, error) {
	if err := db.eng.lockKey(ctx, tx, "stripe_checkouts/"+company.String()+"/"+ref); err != nil {
		return nil, err
	}
	earlier, err := queryCheckouts(ctx, tx, db.eng.forUpdate(), `company_id = ? AND internal_reference_id = ? AND id != ?
		AND state IN ('creating', 'open', 'complete', 'invalidated') AND NOT (state = 'invalidated' AND session_closed = 1)`,
		company.String(), ref, keep)
	if err != nil {
		return nil, fmt.Errorf("store: checkouts of %s: %w", ref, err)
	}
	var stale []StripeCheckout
	payable := false
	for _, e := range earlier {
		if refuseSettled && e.Settled() {
			return nil, &AlreadyPaidError{Checkout: e}
		}
		payable = payable || e.State == CheckoutCreating || e.State == CheckoutOpen
		// A creating row has no session yet: its own request expires the
		// session when it finds itself invalidated.
		if e.SessionID != "" && e.State != CheckoutComplete {
			stale = append(stale, e)
		}
	}
	// The read ran in this write transaction, so it saw every row the
	// update could change: a new entity, the usual case, has none.
	if !payable {
		return stale, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stripe_checkouts SET state = 'invalidated',
		updated_at = ?
		WHERE company_id = ? AND internal_reference_id = ? AND id != ? AND state IN ('creating', 'open')`,
		ms(db.now()), company.String(), ref, keep); err != nil {
		return nil, fmt.Errorf("store: invalidate checkouts of %s: %w", ref, err)
	}
	return stale, nil
}

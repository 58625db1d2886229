package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// PaysonState is how far a Payson checkout attempt got; see migration 00030.
type PaysonState string

const (
	PaysonCreating    PaysonState = "creating"
	PaysonActive      PaysonState = "active"
	PaysonInvalidated PaysonState = "invalidated"
	PaysonFailed      PaysonState = "failed"
)

// PaysonCheckout is one attempt to have a payable entity paid through a
// Payson Checkout 2.0 checkout.
type PaysonCheckout struct {
	ID                  int64
	Reference           uuid.UUID // sent to Payson as merchant.reference
	CompanyID           uuid.UUID
	InternalReferenceID string
	ArticleTypeID       int64
	PaymentOrigin       int
	TestMode            bool
	Currency            string // ISO 4217, upper case
	AmountTotal         int64  // minor units, VAT included
	State               PaysonState
	CheckoutID          uuid.UUID // Payson's id; uuid.Nil until created
	PaysonStatus
	Snippet string
	Failure string
}

// PaysonStatus is a checkout's status as read back from Payson. Rank orders
// statuses along Payson's machine; the store only compares it.
type PaysonStatus struct {
	Status         string
	Rank           int
	CreditedAmount int64 // minor units
	// Order is what the payment log records once the checkout is paid;
	// the checkout row does not keep it, so it is nil on stored rows.
	Order *PaysonOrder
}

// PaysonOrder is the paid order of a checkout as read back from Payson.
type PaysonOrder struct {
	PurchaseID string
	Lines      []PaysonLine
}

// ErrPaysonBusy is returned by BeginPaysonCheckout while another request
// creates a checkout for the same entity.
var ErrPaysonBusy = errors.New("store: a payson checkout for this entity is being created")

const paysonCheckoutColumns = `id, reference, company_id, internal_reference_id, article_type_id, payment_origin,
	test_mode, currency, amount_total, state, COALESCE(checkout_id, ''), status, status_rank, credited_amount,
	snippet, failure`

func scanPaysonCheckout(row interface{ Scan(...any) error }) (PaysonCheckout, error) {
	var c PaysonCheckout
	var ref, company, checkout string
	err := row.Scan(&c.ID, &ref, &company, &c.InternalReferenceID, &c.ArticleTypeID, &c.PaymentOrigin,
		&c.TestMode, &c.Currency, &c.AmountTotal, &c.State, &checkout, &c.Status, &c.Rank, &c.CreditedAmount,
		&c.Snippet, &c.Failure)
	if err != nil {
		return PaysonCheckout{}, err
	}
	if c.Reference, err = uuid.Parse(ref); err != nil {
		return PaysonCheckout{}, fmt.Errorf("reference %q: %w", ref, err)
	}
	if c.CompanyID, err = uuid.Parse(company); err != nil {
		return PaysonCheckout{}, fmt.Errorf("company %q: %w", company, err)
	}
	if checkout != "" {
		if c.CheckoutID, err = uuid.Parse(checkout); err != nil {
			return PaysonCheckout{}, fmt.Errorf("checkout id %q: %w", checkout, err)
		}
	}
	return c, nil
}

// BeginPaysonCheckout claims the creation of a checkout for c's entity
// (CompanyID, InternalReferenceID): it stores c as creating, with its
// reference (a fresh one when c has none), and returns it together with the
// entity's active checkout, if any. While another creation for the entity is
// in flight it returns ErrPaysonBusy: one a crash or a time-out left is
// settled by the recoverer, which asks Payson. att, the create's attempt,
// is recorded in the same transaction.
func (db *DB) BeginPaysonCheckout(ctx context.Context, c PaysonCheckout, att AttemptStart) (PaysonCheckout, *PaysonCheckout, error) {
	if c.Reference == uuid.Nil {
		c.Reference = uuid.New()
	}
	c.State = PaysonCreating
	var current *PaysonCheckout
	err := db.tx(ctx, func(tx querier) error {
		now := db.now()
		var busy int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM payson_checkouts
			WHERE company_id = ? AND internal_reference_id = ? AND state = 'creating'`,
			c.CompanyID.String(), c.InternalReferenceID).Scan(&busy)
		if err != nil {
			return fmt.Errorf("store: begin payson checkout: %w", err)
		}
		if busy > 0 {
			return ErrPaysonBusy
		}
		// payson_checkouts_one_creating refuses a creation that began
		// beside this one since the count, on another replica say.
		err = tx.QueryRowContext(ctx, `INSERT INTO payson_checkouts
			(reference, company_id, internal_reference_id, article_type_id, payment_origin, test_mode, currency,
			amount_total, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?) RETURNING id`,
			c.Reference.String(), c.CompanyID.String(), c.InternalReferenceID, c.ArticleTypeID, c.PaymentOrigin,
			c.TestMode, c.Currency, c.AmountTotal, ms(now), ms(now)).Scan(&c.ID)
		if db.isUnique(err) {
			return ErrPaysonBusy
		}
		if err != nil {
			return fmt.Errorf("store: begin payson checkout: %w", err)
		}
		if err := beginAttempt(ctx, tx, att); err != nil {
			return err
		}
		cur, err := scanPaysonCheckout(tx.QueryRowContext(ctx, `SELECT `+paysonCheckoutColumns+` FROM payson_checkouts
			WHERE company_id = ? AND internal_reference_id = ? AND state = 'active'`,
			c.CompanyID.String(), c.InternalReferenceID))
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("store: begin payson checkout: current checkout: %w", err)
		default:
			current = &cur
		}
		return nil
	})
	if err != nil {
		return PaysonCheckout{}, nil, err
	}
	return c, current, nil
}

// ActivatePaysonCheckout records that checkout id was created at Payson and
// makes it its entity's current checkout. The entity's previous checkout
// must have been invalidated first. The create's attempt done ends in the
// same transaction. kept tells whether notifications about the checkout
// came before it was recorded (EarlyNotifications lists them).
func (db *DB) ActivatePaysonCheckout(ctx context.Context, id int64, checkoutID uuid.UUID, st PaysonStatus, snippet string, done AttemptDone) (kept bool, err error) {
	err = db.tx(ctx, func(q querier) error {
		err := updateOne(ctx, q, "activate payson checkout", `UPDATE payson_checkouts
			SET state = 'active', checkout_id = ?, status = ?, status_rank = ?, credited_amount = ?, snippet = ?,
				updated_at = ?
			WHERE id = ? AND state = 'creating'`,
			checkoutID.String(), st.Status, st.Rank, st.CreditedAmount, snippet, ms(db.now()), id)
		if err != nil {
			return err
		}
		if kept, err = earlyKept(ctx, q, EarlyPayson, checkoutID.String()); err != nil {
			return err
		}
		return endAttempt(ctx, q, done)
	})
	return kept, err
}

// FailPaysonCheckout records that checkout id could not be created.
func (db *DB) FailPaysonCheckout(ctx context.Context, id int64, failure string) error {
	return db.updatePaysonCheckout(ctx, "fail payson checkout", `UPDATE payson_checkouts
		SET state = 'failed', failure = ?, updated_at = ?
		WHERE id = ? AND state = 'creating'`, failure, ms(db.now()), id)
}

// InvalidatePaysonCheckout records that active checkout id was replaced by
// a newer one.
func (db *DB) InvalidatePaysonCheckout(ctx context.Context, id int64) error {
	return db.updatePaysonCheckout(ctx, "invalidate payson checkout", `UPDATE payson_checkouts
		SET state = 'invalidated', updated_at = ?
		WHERE id = ? AND state = 'active'`, ms(db.now()), id)
}

// updatePaysonCheckout runs an update that must change exactly one row;
// none means the row is missing or not in the state the update expects.
func (db *DB) updatePaysonCheckout(ctx context.Context, what, query string, args ...any) error {
	return db.tx(ctx, func(q querier) error { return updateOne(ctx, q, what, query, args...) })
}

func updateOne(ctx context.Context, q querier, what, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n != 1 {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return nil
}

// PaysonCheckoutByCheckoutID returns the attempt that created Payson
// checkout id, or ErrNotFound.
func (db *DB) PaysonCheckoutByCheckoutID(ctx context.Context, checkoutID uuid.UUID) (PaysonCheckout, error) {
	return db.paysonCheckout(ctx, `checkout_id = ?`, checkoutID.String())
}

// PaysonCheckout returns attempt id, or ErrNotFound.
func (db *DB) PaysonCheckout(ctx context.Context, id int64) (PaysonCheckout, error) {
	return db.paysonCheckout(ctx, `id = ?`, id)
}

func (db *DB) paysonCheckout(ctx context.Context, where string, arg any) (PaysonCheckout, error) {
	c, err := scanPaysonCheckout(db.conn.QueryRowContext(ctx,
		`SELECT `+paysonCheckoutColumns+` FROM payson_checkouts WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return PaysonCheckout{}, ErrNotFound
	}
	if err != nil {
		return PaysonCheckout{}, fmt.Errorf("store: payson checkout: %w", err)
	}
	return c, nil
}

// RecordPaysonStatus stores st as checkout id's status if it is ahead of
// the stored one: a higher rank, or the same rank with more credited. A
// stale or repeated read changes nothing. It returns the checkout as stored
// afterwards.
func (db *DB) RecordPaysonStatus(ctx context.Context, id int64, st PaysonStatus) (PaysonCheckout, error) {
	var c PaysonCheckout
	err := db.tx(ctx, func(tx querier) error {
		now := ms(db.now())
		res, err := tx.ExecContext(ctx, `UPDATE payson_checkouts
			SET status = ?, status_rank = ?, credited_amount = CASE WHEN credited_amount > ? THEN credited_amount ELSE ? END,
				updated_at = ?
			WHERE id = ? AND (status_rank < ? OR (status_rank = ? AND credited_amount < ?))`,
			st.Status, st.Rank, st.CreditedAmount, st.CreditedAmount, now, id, st.Rank, st.Rank, st.CreditedAmount)
		if err != nil {
			return fmt.Errorf("store: record payson status of %d: %w", id, err)
		}
		if c, err = scanPaysonCheckout(tx.QueryRowContext(ctx,
			`SELECT `+paysonCheckoutColumns+` FROM payson_checkouts WHERE id = ?`, id)); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return fmt.Errorf("store: payson checkout: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		// The status moved: the payment log moves with it, in this
		// transaction.
		return logPaysonPayment(ctx, tx, now, c, st)
	})
	if err != nil {
		return PaysonCheckout{}, err
	}
	return c, nil
}

// ClaimPaysonShip reserves the shipping of checkout id for lease, so that
// one payment request is sent at a time. It reports false while another
// claim holds.
func (db *DB) ClaimPaysonShip(ctx context.Context, id int64, lease time.Duration) (bool, error) {
	now := ms(db.now())
	res, err := db.exec(ctx, `UPDATE payson_checkouts SET ship_claimed_at = ?
		WHERE id = ? AND (ship_claimed_at IS NULL OR ship_claimed_at <= ?)`,
		now, id, now-lease.Milliseconds())
	if err != nil {
		return false, fmt.Errorf("store: claim payson ship of %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim payson ship of %d: %w", id, err)
	}
	return n == 1, nil
}

// ReleasePaysonShip ends the claim on checkout id.
func (db *DB) ReleasePaysonShip(ctx context.Context, id int64) error {
	if _, err := db.exec(ctx, `UPDATE payson_checkouts SET ship_claimed_at = NULL WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: release payson ship of %d: %w", id, err)
	}
	return nil
}

// ReleaseStalePaysonShip ends the claim on checkout id if it was taken by
// at, and reports whether one was: a claim taken later is another
// request's.
func (db *DB) ReleaseStalePaysonShip(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := db.exec(ctx, `UPDATE payson_checkouts SET ship_claimed_at = NULL WHERE id = ? AND ship_claimed_at <= ?`, id, ms(at))
	if err != nil {
		return false, fmt.Errorf("store: release payson ship of %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: release payson ship of %d: %w", id, err)
	}
	return n == 1, nil
}

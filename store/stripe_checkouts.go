package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// CheckoutState is how far a Stripe checkout got; see migration 00021.
type CheckoutState string

const (
	CheckoutCreating    CheckoutState = "creating"
	CheckoutOpen        CheckoutState = "open"
	CheckoutComplete    CheckoutState = "complete"
	CheckoutExpired     CheckoutState = "expired"
	CheckoutInvalidated CheckoutState = "invalidated"
	CheckoutFailed      CheckoutState = "failed"
)

// Payment statuses of a checkout: Stripe's three and failed, for a delayed
// payment that did not go through.
const (
	PaymentUnpaid            = "unpaid"
	PaymentPaid              = "paid"
	PaymentNoPaymentRequired = "no_payment_required"
	PaymentFailed            = "failed"
)

// StripeCheckout is one attempt to have a payable entity paid through a
// Stripe Checkout Session.
type StripeCheckout struct {
	ID                  int64
	PublicID            uuid.UUID // derives the idempotency key of the create
	CompanyID           uuid.UUID
	InternalReferenceID string
	ArticleTypeID       int64
	State               CheckoutState
	PaymentStatus       string
	UIMode              string
	Currency            string // ISO 4217, upper case
	AmountTotal         int64  // minor units, VAT included
	StripeAccount       string
	SessionID           string
	PaymentIntentID     string
	CustomerID          string
	CustomerEmail       string
	SessionClosed       bool // Stripe confirmed the session can no longer be paid
	Failure             string
	Lines               []CheckoutLine // filled by BeginStripeCheckout only
}

// CheckoutLine is one priced line of a checkout.
type CheckoutLine struct {
	ArticleID     int64
	ArticleTypeID int64
	Name          string
	UnitPrice     int64
	VATRateBP     int64
	Quantity      int64
}

// Settled reports whether the entity is paid or its payment is under way,
// so that another checkout would charge twice.
func (c StripeCheckout) Settled() bool {
	return c.State == CheckoutComplete && c.PaymentStatus != PaymentFailed
}

// AlreadyPaidError is returned by BeginStripeCheckout for an entity that a
// checkout settled.
type AlreadyPaidError struct{ Checkout StripeCheckout }

func (e *AlreadyPaidError) Error() string {
	return fmt.Sprintf("store: %s of company %s is settled by checkout %s (%s)",
		e.Checkout.InternalReferenceID, e.Checkout.CompanyID, e.Checkout.SessionID, e.Checkout.PaymentStatus)
}

const checkoutColumns = `id, public_id, company_id, internal_reference_id, article_type_id, state, payment_status,
	ui_mode, currency, amount_total, stripe_account, COALESCE(session_id, ''), payment_intent_id, customer_id,
	customer_email, session_closed, failure`

func scanCheckout(row interface{ Scan(...any) error }) (StripeCheckout, error) {
	var c StripeCheckout
	var public, company string
	err := row.Scan(&c.ID, &public, &company, &c.InternalReferenceID, &c.ArticleTypeID, &c.State, &c.PaymentStatus,
		&c.UIMode, &c.Currency, &c.AmountTotal, &c.StripeAccount, &c.SessionID, &c.PaymentIntentID, &c.CustomerID,
		&c.CustomerEmail, &c.SessionClosed, &c.Failure)
	if err != nil {
		return StripeCheckout{}, err
	}
	if c.PublicID, err = uuid.Parse(public); err != nil {
		return StripeCheckout{}, fmt.Errorf("checkout %d: public id: %w", c.ID, err)
	}
	if c.CompanyID, err = uuid.Parse(company); err != nil {
		return StripeCheckout{}, fmt.Errorf("checkout %d: company id: %w", c.ID, err)
	}
	return c, nil
}

// queryCheckouts lists the checkouts where holds, oldest first; lock is
// the engine's forUpdate inside a read-then-write, empty otherwise.
//
// The order is made here, not with ORDER BY: SQLite re-plans a statement
// whose ORDER BY meets bound parameters each time it is bound again, and
// the driver rebinds (clears) every parameter on every run, so the query
// every Stripe create makes was parsed and planned anew each time, at many
// times the cost of running it. Rows are few: an entity's checkouts.
func queryCheckouts(ctx context.Context, q querier, lock, where string, args ...any) ([]StripeCheckout, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+checkoutColumns+` FROM stripe_checkouts WHERE `+where+lock, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StripeCheckout
	for rows.Next() {
		c, err := scanCheckout(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b StripeCheckout) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// SessionResult is what Stripe answered to a session create.
type SessionResult struct {
	SessionID       string
	PaymentIntentID string
	CustomerID      string
}

// OpenStripeCheckout records the session created for checkout id and opens
// the checkout. It reports false when a newer checkout invalidated this one
// meanwhile: the session is recorded all the same, and the caller must
// expire it. An opened checkout's attempt done ends in the same
// transaction. kept tells whether notifications about the session came
// before it was recorded (EarlyNotifications lists them).
func (db *DB) OpenStripeCheckout(ctx context.Context, id int64, s SessionResult, done AttemptDone) (open, kept bool, err error) {
	var state CheckoutState
	err = db.tx(ctx, func(q querier) error {
		err := q.QueryRowContext(ctx, `UPDATE stripe_checkouts SET session_id = ?, payment_intent_id = ?, customer_id = ?,
			state = CASE state WHEN 'creating' THEN 'open' ELSE state END,
			updated_at = ?
			WHERE id = ? RETURNING state`, s.SessionID, s.PaymentIntentID, s.CustomerID, ms(db.now()), id).Scan(&state)
		if err != nil {
			return err
		}
		if kept, err = earlyKept(ctx, q, EarlyStripeV1, s.SessionID); err != nil || state != CheckoutOpen {
			// A row replaced meanwhile keeps its attempt until its session
			// is expired.
			return err
		}
		return endAttempt(ctx, q, done)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, fmt.Errorf("store: open checkout %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return false, false, fmt.Errorf("store: open checkout %d: %w", id, err)
	}
	return state == CheckoutOpen, kept, nil
}

// FailStripeCheckout marks checkout id failed with reason, unless a newer
// checkout invalidated it already. Either way it no longer counts as open. A
// session it got stays to be expired.
func (db *DB) FailStripeCheckout(ctx context.Context, id int64, reason string) error {
	_, err := db.exec(ctx, `UPDATE stripe_checkouts SET failure = ?,
		session_closed = CASE WHEN session_id IS NULL THEN 1 ELSE session_closed END,
		state = CASE state WHEN 'creating' THEN 'failed' ELSE state END,
		updated_at = ?
		WHERE id = ?`, reason, ms(db.now()), id)
	if err != nil {
		return fmt.Errorf("store: fail checkout %d: %w", id, err)
	}
	return nil
}

// CloseStripeSession records that Stripe will no longer take payment on
// checkout id's session (it expired, or was already complete or expired).
func (db *DB) CloseStripeSession(ctx context.Context, id int64) error {
	_, err := db.exec(ctx, `UPDATE stripe_checkouts SET session_closed = 1,
		updated_at = ? WHERE id = ?`, ms(db.now()), id)
	if err != nil {
		return fmt.Errorf("store: close session of checkout %d: %w", id, err)
	}
	return nil
}

// StripeCheckoutBySession returns the checkout of a company's session, or
// ErrNotFound.
func (db *DB) StripeCheckoutBySession(ctx context.Context, company uuid.UUID, sessionID string) (StripeCheckout, error) {
	list, err := queryCheckouts(ctx, db.conn, "", `company_id = ? AND session_id = ?`, company.String(), sessionID)
	if err != nil {
		return StripeCheckout{}, fmt.Errorf("store: checkout of session %s: %w", sessionID, err)
	}
	if len(list) == 0 {
		return StripeCheckout{}, ErrNotFound
	}
	return list[0], nil
}

// StripeCheckouts lists an entity's checkouts, oldest first.
func (db *DB) StripeCheckouts(ctx context.Context, company uuid.UUID, internalReferenceID string) ([]StripeCheckout, error) {
	list, err := queryCheckouts(ctx, db.conn, "", `company_id = ? AND internal_reference_id = ?`, company.String(), internalReferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: checkouts of %s: %w", internalReferenceID, err)
	}
	return list, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// RefundState is how far a refund got; see migration 00060.
type RefundState string

const (
	RefundCreating  RefundState = "creating"
	RefundPending   RefundState = "pending"
	RefundSucceeded RefundState = "succeeded"
	RefundFailed    RefundState = "failed"
)

// Origins of a refund.
const (
	OriginPaygate  = "paygate"  // asked of paygate (RefundBookingPayment)
	OriginProvider = "provider" // made at the provider, learnt from its events
)

// Refund is money given back from a logged payment.
type Refund struct {
	ID          int64
	PublicID    uuid.UUID // derives the provider idempotency key
	PaymentID   int64
	Provider    string
	Origin      string
	Amount      int64 // minor units of the payment's currency
	State       RefundState
	ProviderRef string // Stripe's re_ id, once known
	Plan        string // Payson: the credit targets sent
	Comments    string
	Failure     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Reasons a refund is refused before any provider is asked.
var (
	ErrNotSettled     = errors.New("store: the payment is not settled")
	ErrOverRefund     = errors.New("store: the refund exceeds what is left of the payment")
	ErrRefundInFlight = errors.New("store: another refund of the payment is under way")
)

// RefundRefusedError says why BeginRefund refused, with the payment as it
// stood; it matches one of ErrNotSettled, ErrOverRefund, ErrRefundInFlight.
type RefundRefusedError struct {
	Reason  error
	Payment LoggedPayment
}

func (e *RefundRefusedError) Error() string {
	return fmt.Sprintf("%v (payment %d: %s, %d of %d reserved)", e.Reason, e.Payment.ID, e.Payment.Status,
		e.Payment.RefundReserved, e.Payment.Amount)
}

func (e *RefundRefusedError) Unwrap() error { return e.Reason }

// BeginRefund writes a creating refund of amount from payment paymentID,
// which must be company's and paid for internalReferenceID (another's is
// ErrNotFound), and reserves the amount on the payment. The reservation is
// one conditional update, so concurrent refunds, in any process, never
// reserve more than was paid; the schema's checks back it.
func (db *DB) BeginRefund(ctx context.Context, company uuid.UUID, internalReferenceID string, paymentID, amount int64,
	comments string) (LoggedPayment, Refund, error) {
	r := Refund{PublicID: uuid.New(), PaymentID: paymentID, Origin: OriginPaygate, Amount: amount,
		State: RefundCreating, Comments: comments}
	var p LoggedPayment
	err := db.tx(ctx, func(tx querier) error {
		var err error
		now := ms(db.now())
		res, err := tx.ExecContext(ctx, `UPDATE payment_log SET refund_reserved = refund_reserved + ?, updated_at = ?
			WHERE id = ? AND company_id = ? AND internal_reference_id = ? AND status = 'paid'
				AND refund_reserved + ? <= amount`,
			amount, now, paymentID, company.String(), internalReferenceID, amount)
		if err != nil {
			return fmt.Errorf("store: reserve refund of payment %d: %w", paymentID, err)
		}
		if p, err = paymentIn(ctx, tx, paymentID); err != nil {
			return err
		}
		if p.CompanyID != company || p.InternalReferenceID != internalReferenceID {
			return ErrNotFound
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: reserve refund of payment %d: %w", paymentID, err)
		} else if n == 0 {
			reason := ErrOverRefund
			if p.Status != LogPaid {
				reason = ErrNotSettled
			}
			return &RefundRefusedError{Reason: reason, Payment: p}
		}
		r.Provider = p.Provider
		r.ID, err = insertRefund(ctx, tx, r, now)
		if db.isUnique(err) {
			return &RefundRefusedError{Reason: ErrRefundInFlight, Payment: p}
		}
		if err != nil {
			return err
		}
		return beginAttempt(ctx, tx, AttemptStart{Kind: RefundAttemptKind, Ref: r.PublicID.String(), At: fromMilli(now)})
	})
	if err != nil {
		return LoggedPayment{}, Refund{}, err
	}
	return p, r, nil
}

func insertRefund(ctx context.Context, tx querier, r Refund, now int64) (int64, error) {
	var ref any
	if r.ProviderRef != "" {
		ref = r.ProviderRef
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO payment_refunds (public_id, payment_id, provider, origin, amount, state,
			provider_ref, comments, failure, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.PublicID.String(), r.PaymentID, r.Provider, r.Origin, r.Amount, r.State, ref, r.Comments, r.Failure, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert refund of payment %d: %w", r.PaymentID, err)
	}
	return id, nil
}

// SetRefundPlan keeps the provider request a creating refund is about to
// send, so that a retry sends the same.
func (db *DB) SetRefundPlan(ctx context.Context, id int64, plan string) error {
	_, err := db.exec(ctx, `UPDATE payment_refunds SET plan = ?, updated_at = ? WHERE id = ? AND state = 'creating'`,
		plan, ms(db.now()), id)
	if err != nil {
		return fmt.Errorf("store: plan of refund %d: %w", id, err)
	}
	return nil
}

// RefundOutcome is what the provider said about a refund.
type RefundOutcome struct {
	State       RefundState // pending, succeeded or failed
	ProviderRef string      // Stripe's re_ id; "" keeps the stored one
	Failure     string
}

// SettleRefund moves refund id to o's state and keeps the payment's sums in
// step, in one transaction. Only forward moves count: a succeeded or failed
// refund stays so, so a late or repeated answer changes nothing. It
// returns the refund as stored.
func (db *DB) SettleRefund(ctx context.Context, id int64, o RefundOutcome) (Refund, error) {
	var r Refund
	err := db.tx(ctx, func(tx querier) error {
		var err error
		if r, err = refundIn(ctx, tx, `id = ?`, id); err != nil {
			return err
		}
		return db.settleIn(ctx, tx, &r, o)
	})
	return r, err
}

// settleIn applies o to r inside tx: creating moves to any state, pending
// to a final one, and succeeded only to failed (Stripe reports a refund
// that bounced after it succeeded); failed stays. The payment's sums
// follow.
func (db *DB) settleIn(ctx context.Context, tx querier, r *Refund, o RefundOutcome) error {
	next := r.State
	switch r.State {
	case RefundCreating:
		if o.State != "" && o.State != RefundCreating {
			next = o.State
		}
	case RefundPending:
		if o.State == RefundSucceeded || o.State == RefundFailed {
			next = o.State
		}
	case RefundSucceeded:
		if o.State == RefundFailed {
			next = o.State
		}
	}
	ref := r.ProviderRef
	if ref == "" {
		ref = o.ProviderRef
	}
	if next == r.State && ref == r.ProviderRef {
		return nil
	}
	var reserved, refunded int64
	if next == RefundFailed && r.State != RefundFailed {
		reserved = -r.Amount
	}
	if next == RefundSucceeded && r.State != RefundSucceeded {
		refunded = r.Amount
	}
	if r.State == RefundSucceeded && next != RefundSucceeded {
		refunded = -r.Amount
	}
	failure := r.Failure
	if next != r.State && o.Failure != "" {
		failure = o.Failure
	}
	var refArg any
	if ref != "" {
		refArg = ref
	}
	now := ms(db.now())
	if r.State == RefundCreating && next != RefundCreating {
		if err := endAttempt(ctx, tx, AttemptDone{Kind: RefundAttemptKind, Ref: r.PublicID.String()}); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE payment_refunds SET state = ?, provider_ref = ?, failure = ?, updated_at = ?
		WHERE id = ?`, next, refArg, failure, now, r.ID); err != nil {
		return fmt.Errorf("store: settle refund %d: %w", r.ID, err)
	}
	if reserved != 0 || refunded != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE payment_log SET refund_reserved = refund_reserved + ?,
			refunded = refunded + ?, updated_at = ? WHERE id = ?`, reserved, refunded, now, r.PaymentID); err != nil {
			return fmt.Errorf("store: settle refund %d: %w", r.ID, err)
		}
	}
	r.State, r.ProviderRef, r.Failure, r.UpdatedAt = next, ref, failure, fromMilli(now)
	return nil
}

// ProviderRefund is a refund as the provider reports it in an event.
type ProviderRefund struct {
	Provider      string
	CompanyID     uuid.UUID   // whose endpoint reported it
	StripeAccount string      // the account it happened on
	PaymentRef    string      // the PaymentIntent it refunds
	PublicID      uuid.UUID   // ours, from the refund's metadata; uuid.Nil when made elsewhere
	ProviderRef   string      // re_ id
	Amount        int64       // minor units
	State         RefundState // pending, succeeded, failed
	Failure       string
}

// ErrPaymentNotLogged is returned by RecordProviderRefund for a refund of a
// payment the log does not have.
var ErrPaymentNotLogged = errors.New("store: the refunded payment is not in the payment log")

// RecordProviderRefund keeps the log in step with a refund the provider
// reports: one of ours (by public id or provider id) is settled; one made
// elsewhere is added to its payment, settled as reported. A replay finds the
// row and changes nothing.
func (db *DB) RecordProviderRefund(ctx context.Context, pr ProviderRefund) (Refund, error) {
	var r Refund
	err := db.tx(ctx, func(tx querier) error {
		var err error
		r, err = refundIn(ctx, tx, `provider_ref = ?`, pr.ProviderRef)
		if errors.Is(err, ErrNotFound) && pr.PublicID != uuid.Nil {
			r, err = refundIn(ctx, tx, `public_id = ?`, pr.PublicID.String())
		}
		switch {
		case err == nil:
			p, err := paymentIn(ctx, tx, r.PaymentID)
			if err != nil {
				return err
			}
			if p.CompanyID != pr.CompanyID || p.StripeAccount != pr.StripeAccount {
				return ErrPaymentNotLogged
			}
			return db.settleIn(ctx, tx, &r, RefundOutcome{State: pr.State, ProviderRef: pr.ProviderRef, Failure: pr.Failure})
		case !errors.Is(err, ErrNotFound):
			return err
		}
		var paymentID int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM payment_log
			WHERE provider = ? AND payment_ref = ? AND payment_ref <> '' AND company_id = ? AND stripe_account = ?`,
			pr.Provider, pr.PaymentRef, pr.CompanyID.String(), pr.StripeAccount).Scan(&paymentID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrPaymentNotLogged
		}
		if err != nil {
			return fmt.Errorf("store: payment of %s: %w", pr.PaymentRef, err)
		}
		now := ms(db.now())
		r = Refund{PublicID: uuid.New(), PaymentID: paymentID, Provider: pr.Provider, Origin: OriginProvider,
			Amount: pr.Amount, State: RefundFailed, ProviderRef: pr.ProviderRef, Failure: pr.Failure}
		if pr.State != RefundFailed {
			// The provider gave the money back already, so it is reserved
			// whatever paygate had reserved; the schema refuses a log that
			// says more went back than came in.
			r.State = RefundPending
			if _, err := tx.ExecContext(ctx, `UPDATE payment_log SET refund_reserved = refund_reserved + ?, updated_at = ?
				WHERE id = ?`, pr.Amount, now, paymentID); err != nil {
				return fmt.Errorf("store: record refund %s: %w", pr.ProviderRef, err)
			}
		}
		if r.ID, err = insertRefund(ctx, tx, r, now); err != nil {
			return err
		}
		return db.settleIn(ctx, tx, &r, RefundOutcome{State: pr.State})
	})
	return r, err
}

const refundColumns = `id, public_id, payment_id, provider, origin, amount, state, COALESCE(provider_ref, ''), plan,
	comments, failure, created_at, updated_at`

func scanRefund(row interface{ Scan(...any) error }) (Refund, error) {
	var r Refund
	var public string
	var created, updated int64
	if err := row.Scan(&r.ID, &public, &r.PaymentID, &r.Provider, &r.Origin, &r.Amount, &r.State, &r.ProviderRef,
		&r.Plan, &r.Comments, &r.Failure, &created, &updated); err != nil {
		return Refund{}, err
	}
	var err error
	if r.PublicID, err = uuid.Parse(public); err != nil {
		return Refund{}, fmt.Errorf("refund %d: public id: %w", r.ID, err)
	}
	r.CreatedAt, r.UpdatedAt = fromMilli(created), fromMilli(updated)
	return r, nil
}

func refundIn(ctx context.Context, q querier, where string, arg any) (Refund, error) {
	r, err := scanRefund(q.QueryRowContext(ctx, `SELECT `+refundColumns+` FROM payment_refunds WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Refund{}, ErrNotFound
	}
	if err != nil {
		return Refund{}, fmt.Errorf("store: refund: %w", err)
	}
	return r, nil
}

// Refunds lists payment id's refunds, oldest first.
func (db *DB) Refunds(ctx context.Context, paymentID int64) ([]Refund, error) {
	return queryRefunds(ctx, db.conn, `payment_id = ?`, paymentID)
}

// RefundByPublicID returns the refund of an attempt, or ErrNotFound.
func (db *DB) RefundByPublicID(ctx context.Context, public uuid.UUID) (Refund, error) {
	return refundIn(ctx, db.conn, `public_id = ?`, public.String())
}

func queryRefunds(ctx context.Context, q querier, where string, args ...any) ([]Refund, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+refundColumns+` FROM payment_refunds WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: refunds: %w", err)
	}
	defer rows.Close()
	var out []Refund
	for rows.Next() {
		r, err := scanRefund(rows)
		if err != nil {
			return nil, fmt.Errorf("store: refunds: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

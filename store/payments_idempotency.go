package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// IdempotencyState is what ReserveIdempotencyKey found.
type IdempotencyState int

const (
	// Reserved: the caller holds the key and may run the request.
	Reserved IdempotencyState = iota
	// Completed: an earlier request finished; replay its response.
	Completed
	// InFlight: another request holds the key right now.
	InFlight
	// Mismatch: the key was used with another request body.
	Mismatch
)

// IdempotencyLease identifies a reservation: the key and the token of the
// request that holds it.
type IdempotencyLease struct {
	Caller string
	Key    string
	Lease  string
}

// Reservation is the outcome of ReserveIdempotencyKey.
type Reservation struct {
	State     IdempotencyState
	Lease     IdempotencyLease // Reserved only
	PaymentID string           // Reserved and Completed
	Response  []byte           // Completed only
}

// ReserveIdempotencyKey claims (caller, key) for a request whose body hashes
// to fingerprint. A new key gets paymentID; a key released by a failed
// attempt, or whose holder's lease ran out, is taken over with the payment
// id it already has, so the retry sends Stripe the same parameters under the
// same Stripe key. Keys expire ttl after their first use; expired keys of
// every caller are purged on the way.
func (db *DB) ReserveIdempotencyKey(ctx context.Context, caller, key, fingerprint, paymentID string,
	now time.Time, lease, ttl time.Duration) (Reservation, error) {
	var out Reservation
	err := db.tx(ctx, func(tx querier) error {
		nowMS := now.UnixMilli()
		if _, err := tx.ExecContext(ctx, `DELETE FROM payment_idempotency_keys WHERE expires_at <= ?`, nowMS); err != nil {
			return fmt.Errorf("store: purge idempotency keys: %w", err)
		}
		token := uuid.NewString()
		// The insert claims a new key atomically: a concurrent request with
		// the same key (on another replica, say) waits for this one to
		// commit and then finds the row, rather than inserting its own.
		res, err := tx.ExecContext(ctx, `INSERT INTO payment_idempotency_keys
			(caller, key, fingerprint, payment_id, lease, locked_until, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (caller, key) DO NOTHING`,
			caller, key, fingerprint, paymentID, token, now.Add(lease).UnixMilli(), now.Add(ttl).UnixMilli())
		if err != nil {
			return fmt.Errorf("store: reserve idempotency key: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: reserve idempotency key: %w", err)
		} else if n == 1 {
			out = Reservation{State: Reserved, Lease: IdempotencyLease{caller, key, token}, PaymentID: paymentID}
			return nil
		}
		var (
			fp, pid     string
			lockedUntil int64
			response    sql.NullString
		)
		err = tx.QueryRowContext(ctx, `SELECT fingerprint, payment_id, locked_until, response
			FROM payment_idempotency_keys WHERE caller = ? AND key = ?`+db.eng.forUpdate(), caller, key).
			Scan(&fp, &pid, &lockedUntil, &response)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// Released with forget between the insert and the read: the
			// caller may simply try again.
			return fmt.Errorf("store: idempotency key vanished: %w", ErrBusy)
		case err != nil:
			return fmt.Errorf("store: idempotency key: %w", err)
		case fp != fingerprint:
			out = Reservation{State: Mismatch}
		case response.Valid:
			out = Reservation{State: Completed, PaymentID: pid, Response: []byte(response.String)}
		case lockedUntil > nowMS:
			out = Reservation{State: InFlight}
		default:
			_, err := tx.ExecContext(ctx, `UPDATE payment_idempotency_keys SET lease = ?, locked_until = ?
				WHERE caller = ? AND key = ?`, token, now.Add(lease).UnixMilli(), caller, key)
			if err != nil {
				return fmt.Errorf("store: take over idempotency key: %w", err)
			}
			out = Reservation{State: Reserved, Lease: IdempotencyLease{caller, key, token}, PaymentID: pid}
		}
		return nil
	})
	return out, err
}

// ReleaseIdempotencyKey ends a reservation that did not complete. With
// forget, the key is deleted, as if never used (nothing was sent to Stripe
// under it); otherwise it stays bound to its body and payment id, free for
// a retry. A lease that was taken over is left alone.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, l IdempotencyLease, forget bool) error {
	query := `UPDATE payment_idempotency_keys SET lease = NULL, locked_until = 0
		WHERE caller = ? AND key = ? AND lease = ? AND response IS NULL`
	if forget {
		query = `DELETE FROM payment_idempotency_keys WHERE caller = ? AND key = ? AND lease = ? AND response IS NULL`
	}
	if _, err := db.exec(ctx, query, l.Caller, l.Key, l.Lease); err != nil {
		return fmt.Errorf("store: release idempotency key: %w", err)
	}
	return nil
}

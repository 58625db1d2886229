package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Attempt is a provider call in flight; see migration 00070.
type Attempt struct {
	Kind      string
	Ref       string
	Request   []byte // what the call is rebuilt from, as its kind wrote it
	StartedAt time.Time
	Tries     int
	LastError string
	ReviewAt  time.Time // zero unless marked for review
}

// AttemptStart is an attempt to record in the transaction that writes the
// row it belongs to, so that the row and its attempt commit together: one
// commit (and one fsync) fewer per create, and no moment when either
// exists without the other. The zero value records nothing.
type AttemptStart struct {
	Kind, Ref string
	Request   any // nil, or a value encoded as JSON
	At        time.Time
}

// AttemptDone names an attempt to end in the transaction that records its
// outcome; the zero value ends nothing.
type AttemptDone struct{ Kind, Ref string }

// BeginAttempt records that kind's call for ref is about to be made, with
// request (nil, or a value encoded as JSON) to rebuild it from. A repeated
// attempt for the same ref (a retry) starts over.
func (db *DB) BeginAttempt(ctx context.Context, kind, ref string, request any, now time.Time) error {
	return db.tx(ctx, func(q querier) error {
		return beginAttempt(ctx, q, AttemptStart{Kind: kind, Ref: ref, Request: request, At: now})
	})
}

func beginAttempt(ctx context.Context, q querier, a AttemptStart) error {
	if a.Kind == "" {
		return nil
	}
	var b []byte
	if a.Request != nil {
		var err error
		if b, err = json.Marshal(a.Request); err != nil {
			return fmt.Errorf("store: encode %s attempt %s: %w", a.Kind, a.Ref, err)
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO provider_attempts (kind, ref, request, started_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, ref) DO UPDATE SET request = excluded.request, started_at = excluded.started_at,
			lease_owner = '', lease_until = 0, tries = 0, last_error = '', review_at = NULL`,
		a.Kind, a.Ref, string(b), a.At.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: begin %s attempt %s: %w", a.Kind, a.Ref, err)
	}
	return nil
}

// EndAttempt records that the outcome of kind's call for ref is recorded.
func (db *DB) EndAttempt(ctx context.Context, kind, ref string) error {
	return db.tx(ctx, func(q querier) error { return endAttempt(ctx, q, AttemptDone{Kind: kind, Ref: ref}) })
}

func endAttempt(ctx context.Context, q querier, a AttemptDone) error {
	if a.Kind == "" {
		return nil
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM provider_attempts WHERE kind = ? AND ref = ?`, a.Kind, a.Ref); err != nil {
		return fmt.Errorf("store: end %s attempt %s: %w", a.Kind, a.Ref, err)
	}
	return nil
}

// ClaimAttempts leases to owner, until now+lease, up to limit attempts begun
// before startedBefore that nobody holds and nobody marked for review. Each
// claim is a conditional UPDATE, so two recoverers, in one process or on
// replicas sharing the database, never hold the same attempt.
func (db *DB) ClaimAttempts(ctx context.Context, owner string, startedBefore, now time.Time, lease time.Duration, limit int) ([]Attempt, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT kind, ref FROM provider_attempts
		WHERE review_at IS NULL AND started_at < ? AND lease_until < ? ORDER BY started_at LIMIT ?`,
		startedBefore.UnixMilli(), now.UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: attempts due: %w", err)
	}
	type key struct{ kind, ref string }
	var due []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.kind, &k.ref); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: attempts due: %w", err)
		}
		due = append(due, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: attempts due: %w", err)
	}
	var out []Attempt
	for _, k := range due {
		res, err := db.exec(ctx, `UPDATE provider_attempts SET lease_owner = ?, lease_until = ?, tries = tries + 1
			WHERE kind = ? AND ref = ? AND review_at IS NULL AND lease_until < ?`,
			owner, now.Add(lease).UnixMilli(), k.kind, k.ref, now.UnixMilli())
		if err != nil {
			return out, fmt.Errorf("store: claim %s attempt %s: %w", k.kind, k.ref, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			continue // another recoverer claimed it first
		}
		a, err := db.attempt(ctx, k.kind, k.ref)
		if err == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// RetryAttempt records why owner could not settle an attempt it holds. It
// is tried again after backoff, or marked for review once it was tried
// maxTries times; review reports that this call marked it.
func (db *DB) RetryAttempt(ctx context.Context, kind, ref, owner, why string, maxTries int, backoff time.Duration, now time.Time) (review bool, err error) {
	res, err := db.exec(ctx, `UPDATE provider_attempts SET last_error = ?, lease_owner = '',
			lease_until = ?, review_at = CASE WHEN tries >= ? THEN CAST(? AS BIGINT) ELSE NULL END
		WHERE kind = ? AND ref = ? AND lease_owner = ?`,
		why, now.Add(backoff).UnixMilli(), maxTries, now.UnixMilli(), kind, ref, owner)
	if err != nil {
		return false, fmt.Errorf("store: retry %s attempt %s: %w", kind, ref, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	a, err := db.attempt(ctx, kind, ref)
	if err != nil {
		return false, err
	}
	return !a.ReviewAt.IsZero(), nil
}

// Attempts lists every attempt in flight or marked for review, oldest first.
func (db *DB) Attempts(ctx context.Context) ([]Attempt, error) {
	rows, err := db.conn.QueryContext(ctx, `SELECT `+attemptColumns+` FROM provider_attempts ORDER BY started_at, kind, ref`)
	if err != nil {
		return nil, fmt.Errorf("store: attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("store: attempts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountAttempts returns how many attempts are in flight and how many are
// marked for review.
func (db *DB) CountAttempts(ctx context.Context) (inFlight, review int, err error) {
	err = db.conn.QueryRowContext(ctx, `SELECT COUNT(*) - COUNT(review_at), COUNT(review_at) FROM provider_attempts`).Scan(&inFlight, &review)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count attempts: %w", err)
	}
	return inFlight, review, nil
}

const attemptColumns = `kind, ref, request, started_at, tries, last_error, review_at`

func scanAttempt(row interface{ Scan(...any) error }) (Attempt, error) {
	var a Attempt
	var req string
	var started int64
	var review sql.NullInt64
	if err := row.Scan(&a.Kind, &a.Ref, &req, &started, &a.Tries, &a.LastError, &review); err != nil {
		return Attempt{}, err
	}
	a.Request = []byte(req)
	a.StartedAt = time.UnixMilli(started).UTC()
	if review.Valid {
		a.ReviewAt = time.UnixMilli(review.Int64).UTC()
	}
	return a, nil
}

func (db *DB) attempt(ctx context.Context, kind, ref string) (Attempt, error) {
	a, err := scanAttempt(db.conn.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM provider_attempts WHERE kind = ? AND ref = ?`, kind, ref))
	if err != nil {
		return Attempt{}, fmt.Errorf("store: %s attempt %s: %w", kind, ref, err)
	}
	return a, nil
}

// RefundAttemptKind names the attempts of refunds of ours: written by
// BeginRefund and ended by the move out of creating, each in the same
// transaction as the refund's row, so that no refund is left creating
// without one. The ref is the refund's public id.
const RefundAttemptKind = "refund"

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// BillRunTxStatus is where a BillRun handshake stands.
type BillRunTxStatus string

const (
	BillRunTxPending BillRunTxStatus = "pending" // written; Stripe not yet answered
	BillRunTxOpen    BillRunTxStatus = "open"    // the Checkout Session exists
	BillRunTxFailed  BillRunTxStatus = "failed"  // getRequest failed; Error says why
	BillRunTxDone    BillRunTxStatus = "done"    // okPage saved the card
)

// BillRunTx is one getRequest → okPage handshake.
type BillRunTx struct {
	Tx         string // 19 digits
	Name       string // StripeCheckout or StripeCheckout#instance
	AID        int64
	T          string // the caller's _t_
	Sig        string // the _sig_ of a signed request; empty for a Bearer one
	ReturnURL  string
	CustomerID string
	SessionID  string
	Status     BillRunTxStatus
	Error      string
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// ErrBillRunReplay is returned by AddBillRunTx when a transaction with the
// same signature exists: the request is a replay.
var ErrBillRunReplay = errors.New("store: a transaction of this signed request exists")

// AddBillRunTx inserts t as pending. A signed request makes one
// transaction, whoever sends it how often: the unique signature says so.
func (db *DB) AddBillRunTx(ctx context.Context, t BillRunTx) error {
	var sig any
	if t.Sig != "" {
		sig = t.Sig
	}
	res, err := db.exec(ctx, `INSERT INTO billrun_transactions (tx, name, aid, t, sig, return_url, status, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (sig) DO NOTHING`,
		t.Tx, t.Name, t.AID, t.T, sig, t.ReturnURL, ms(t.CreatedAt), ms(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: add billrun transaction %s: %w", t.Tx, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: add billrun transaction %s: %w", t.Tx, err)
	} else if n == 0 {
		return ErrBillRunReplay
	}
	return nil
}

// BillRunTxBySig returns the transaction of a signed request, or
// ErrNotFound.
func (db *DB) BillRunTxBySig(ctx context.Context, sig string) (BillRunTx, error) {
	var tx string
	err := db.conn.QueryRowContext(ctx, `SELECT tx FROM billrun_transactions WHERE sig = ?`, sig).Scan(&tx)
	if errors.Is(err, sql.ErrNoRows) {
		return BillRunTx{}, ErrNotFound
	}
	if err != nil {
		return BillRunTx{}, fmt.Errorf("store: billrun transaction by signature: %w", err)
	}
	return db.BillRunTx(ctx, tx)
}

// OpenBillRunTx records the Stripe customer and Checkout Session of the
// pending transaction tx.
func (db *DB) OpenBillRunTx(ctx context.Context, tx, customerID, sessionID string) error {
	return db.moveBillRunTx(ctx, tx, `UPDATE billrun_transactions SET status = 'open', customer_id = ?, session_id = ?
		WHERE tx = ? AND status = 'pending'`, customerID, sessionID, tx)
}

// FailBillRunTx marks the pending transaction tx failed for reason.
func (db *DB) FailBillRunTx(ctx context.Context, tx, reason string) error {
	return db.moveBillRunTx(ctx, tx, `UPDATE billrun_transactions SET status = 'failed', error = ?
		WHERE tx = ? AND status = 'pending'`, reason, tx)
}

func (db *DB) moveBillRunTx(ctx context.Context, tx, query string, args ...any) error {
	res, err := db.exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: billrun transaction %s: %w", tx, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("store: billrun transaction %s is not pending", tx)
	}
	return nil
}

// BillRunTx returns the transaction tx, or ErrNotFound.
func (db *DB) BillRunTx(ctx context.Context, tx string) (BillRunTx, error) {
	t := BillRunTx{Tx: tx}
	var created, expires int64
	var sig sql.NullString
	err := db.conn.QueryRowContext(ctx, `SELECT name, aid, t, sig, return_url, customer_id, session_id, status, error, created_at, expires_at
		FROM billrun_transactions WHERE tx = ?`, tx).
		Scan(&t.Name, &t.AID, &t.T, &sig, &t.ReturnURL, &t.CustomerID, &t.SessionID, &t.Status, &t.Error, &created, &expires)
	t.Sig = sig.String
	if errors.Is(err, sql.ErrNoRows) {
		return BillRunTx{}, ErrNotFound
	}
	if err != nil {
		return BillRunTx{}, fmt.Errorf("store: billrun transaction %s: %w", tx, err)
	}
	t.CreatedAt, t.ExpiresAt = fromMS(created), fromMS(expires)
	return t, nil
}

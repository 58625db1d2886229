package billrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"paygate/apierr"
	"paygate/store"
)

// AttemptKind names the attempts of session creation in the attempt table.
const AttemptKind = "billrun-session"

// sessionRequest is what a transaction's session is made from besides the
// account. It is kept with the attempt because Stripe answers a repeated
// idempotency key with its first result only for identical parameters, and
// the expiry is computed from the clock.
type sessionRequest struct {
	SuccessURL string `json:"success_url"`
	CancelURL  string `json:"cancel_url,omitempty"`
	ExpiresAt  int64  `json:"expires_at"` // Unix seconds
}

func (g *gateway) beginAttempt(ctx context.Context, tx string, r sessionRequest) error {
	return g.db.BeginAttempt(ctx, AttemptKind, tx, r, g.now())
}

func (g *gateway) endAttempt(ctx context.Context, tx string) {
	if err := g.db.EndAttempt(context.WithoutCancel(ctx), AttemptKind, tx); err != nil {
		g.log.ErrorContext(ctx, "billrun: end attempt", "tx", tx, "error", err)
	}
}

// Settler settles getRequest transactions left pending (see Settle).
type Settler struct{ g *gateway }

// NewSettler returns the recoverer's settler of AttemptKind.
func NewSettler(d Deps) Settler { return Settler{newGateway(d)} }

// Settle settles a pending transaction by making its session again with the
// same parameters under the same idempotency key: Stripe answers with the
// session it made, if it made one, and the transaction is opened; a refusal
// fails it.
func (t Settler) Settle(ctx context.Context, a store.Attempt) error {
	g := t.g
	var req sessionRequest
	if err := json.Unmarshal(a.Request, &req); err != nil {
		return fmt.Errorf("billrun: attempt %s request: %w", a.Ref, err)
	}
	row, err := g.db.BillRunTx(ctx, a.Ref)
	if errors.Is(err, store.ErrNotFound) {
		return nil // ended before its row was written: Stripe was not asked
	}
	if err != nil || row.Status != store.BillRunTxPending {
		return err
	}
	acct, err := g.db.BillRunAccount(ctx, row.AID)
	if err != nil {
		return err
	}
	if _, err := g.makeSession(ctx, acct, row.Tx, req); err != nil {
		if !apierr.Settled(err) {
			return err
		}
		return g.db.FailBillRunTx(ctx, row.Tx, apierr.From(err).Message)
	}
	return nil
}

package paymentlog

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/store"
)

// Settler settles refunds left creating by a crash or a time-out, as the
// recoverer's settler of store.RefundAttemptKind: it asks the provider
// again for the same row, which the Refunders make safe (the same Stripe
// idempotency key, the same absolute Payson credits), and records the
// answer. The recoverer's lease keeps replicas from asking at once, and its
// bounded tries mark a refund that never settles for review.
type Settler struct{ s *service }

// Settle settles the refund of attempt a. A refund settled meanwhile, or
// never written, needs nothing.
func (st *Settler) Settle(ctx context.Context, a store.Attempt) error {
	public, err := uuid.Parse(a.Ref)
	if err != nil {
		return fmt.Errorf("paymentlog: refund attempt ref %q: %w", a.Ref, err)
	}
	r, err := st.s.db.RefundByPublicID(ctx, public)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.State != store.RefundCreating {
		return nil
	}
	return st.settle(ctx, r)
}

// settle asks the provider about refund r and records the outcome.
func (st *Settler) settle(ctx context.Context, r store.Refund) error {
	p, err := st.s.db.Payment(ctx, r.PaymentID)
	if err != nil {
		return fmt.Errorf("paymentlog: settle refund %d: %w", r.ID, err)
	}
	refunder := st.s.refunders[p.Provider]
	if refunder == nil {
		return fmt.Errorf("paymentlog: settle refund %d: no refunder for %s", r.ID, p.Provider)
	}
	ctx, cancel := context.WithTimeout(ctx, st.s.attemptTimeout)
	defer cancel()
	settled, err := st.s.attempt(ctx, refunder, p, r)
	if settled.State == store.RefundCreating {
		return fmt.Errorf("paymentlog: settle refund %d: still unknown: %w", r.ID, err)
	}
	st.s.log.InfoContext(ctx, "refund settled", "payment", p.ID, "refund", r.ID, "state", settled.State)
	return nil
}

package paymentlog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"paygate/store"
)

// Settler settles refunds left creating by a crash or a time-out: it asks
// the provider again for the same row, which the Refunders make safe (the
// same Stripe idempotency key, the same absolute Payson credits), and
// records the answer. Several settlers running at once in different
// replicas ask the same question and record the same answer.
type Settler struct{ s *service }

// Kind names the attempts Settler settles, for the recoverer's logs.
func (*Settler) Kind() string { return "refund" }

// SettleInFlight settles every refund that has been creating for at least
// olderThan (pass at least the attempt timeout, so a request still waiting
// for its provider is left alone), and returns how many it settled.
func (st *Settler) SettleInFlight(ctx context.Context, olderThan time.Duration) (int, error) {
	list, err := st.s.db.RefundsInFlight(ctx, olderThan)
	if err != nil {
		return 0, err
	}
	var errs []error
	n := 0
	for _, r := range list {
		if err := st.Settle(ctx, r); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Settle asks the provider about refund r and records the outcome.
func (st *Settler) Settle(ctx context.Context, r store.Refund) error {
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

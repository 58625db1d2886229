package paysonv2

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/providers/payson"
	"paygate/store"
)

// AttemptKind names the attempts of checkout creation in the attempt table.
const AttemptKind = "payson-checkout"

// Payson is searched this far back for the checkout of an attempt: a page
// size and a number of pages of the merchant's newest checkouts.
const (
	listPageSize = 100
	listPages    = 10
)

// Settler settles checkout creates left in flight (see Settle).
type Settler struct{ s *service }

// NewSettler returns the recoverer's settler of AttemptKind and
// ShipAttemptKind.
func NewSettler(d Deps) Settler { return Settler{newService(d)} }

// Settle settles attempt a; a payment request by settleShip. Payson takes
// no idempotency key, so the merchant's recent checkouts are searched for
// the one created with the attempt's reference. Found, it becomes the entity's current checkout (the
// attempt is the entity's newest: one creation runs at a time) once the
// earlier one is canceled; not found, the attempt is failed. A checkout
// carrying the reference of an attempt that is settled otherwise is
// canceled, so that no customer pays a checkout paygate does not know.
func (t Settler) Settle(ctx context.Context, a store.Attempt) error {
	if a.Kind == ShipAttemptKind {
		return t.s.settleShip(ctx, a)
	}
	s := t.s
	ref, err := uuid.Parse(a.Ref)
	if err != nil {
		return fmt.Errorf("paysonv2: attempt ref %q: %w", a.Ref, err)
	}
	row, err := s.db.PaysonCheckoutByReference(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return nil // ended before its row was written: Payson was not asked
	}
	if err != nil {
		return err
	}
	client, err := s.clientFor(ctx, row.CompanyID, row.TestMode)
	if err != nil {
		return err
	}
	co, err := findByReference(ctx, client, ref)
	if err != nil {
		return paysonError("list the merchant's checkouts", err, nil)
	}
	if row.State != store.PaysonCreating {
		if co != nil && co.ID != row.CheckoutID && !ended(co.Status) {
			return s.cancelOrphan(ctx, client, co)
		}
		return nil
	}
	if co == nil {
		return s.db.FailPaysonCheckout(ctx, row.ID, "settled after its attempt ended: Payson holds no checkout with its reference")
	}
	cur, err := s.db.ActivePaysonCheckout(ctx, row.CompanyID, row.InternalReferenceID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		if err := s.replace(ctx, cur); err != nil {
			if !apierr.Settled(err) {
				return err
			}
			// The earlier checkout was paid: ours must not be payable.
			if err := s.cancelOrphan(ctx, client, co); err != nil {
				return err
			}
			return s.db.FailPaysonCheckout(ctx, row.ID, err.Error())
		}
	}
	// A notification kept for it is the early sweeper's to apply.
	_, err = s.db.ActivatePaysonCheckout(ctx, row.ID, co.ID, observed(co), co.Snippet, store.AttemptDone{})
	return err
}

// cancelOrphan cancels co at Payson unless it has ended already.
func (s *service) cancelOrphan(ctx context.Context, client *payson.Client, co *payson.Checkout) error {
	if co.Status.Paid() {
		return fmt.Errorf("paysonv2: checkout %s of an attempt that is not its entity's current one is paid (%s)", co.ID, co.Status)
	}
	if _, err := client.CancelCheckout(ctx, co.ID); err != nil {
		return paysonError("cancel the checkout "+co.ID.String(), err, nil)
	}
	s.log.WarnContext(ctx, "payson: canceled a checkout of a settled attempt", "checkout", co.ID, "reference", co.Merchant.Reference)
	return nil
}

// findByReference searches the merchant's recent checkouts for the one
// created with merchant reference ref; nil when there is none.
func findByReference(ctx context.Context, client *payson.Client, ref uuid.UUID) (*payson.Checkout, error) {
	for page := 1; page <= listPages; page++ {
		l, err := client.ListCheckouts(ctx, page, listPageSize)
		if err != nil {
			return nil, err
		}
		for i := range l.Data {
			if l.Data[i].Merchant.Reference == ref.String() {
				return &l.Data[i], nil
			}
		}
		if !l.HasMore {
			return nil, nil
		}
	}
	return nil, nil
}

// endAttempt records that the attempt's outcome is on its row.
func (s *service) endAttempt(ctx context.Context, ref uuid.UUID) {
	if err := s.db.EndAttempt(context.WithoutCancel(ctx), AttemptKind, ref.String()); err != nil {
		s.log.ErrorContext(ctx, "payson: end attempt", "reference", ref, "error", err)
	}
}

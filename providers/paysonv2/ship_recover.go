package paysonv2

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/store"
)

// ShipAttemptKind names the attempts of marking a checkout shipped (a
// payment request) in the attempt table; the ref is Payson's checkout id.
const ShipAttemptKind = "payson-ship"

// beginShip records a payment request about to be sent for row, whose ship
// claim is held: a request that ends without its outcome leaves the claim to
// be settled by the recoverer rather than to wait out its lease.
func (s *service) beginShip(ctx context.Context, row store.PaysonCheckout) error {
	return s.db.BeginAttempt(ctx, ShipAttemptKind, row.CheckoutID.String(), nil, s.now())
}

func (s *service) endShip(ctx context.Context, row store.PaysonCheckout) {
	if err := s.db.EndAttempt(context.WithoutCancel(ctx), ShipAttemptKind, row.CheckoutID.String()); err != nil {
		s.log.ErrorContext(ctx, "payson: end ship attempt", "checkout", row.CheckoutID, "error", err)
	}
}

// settleShip settles a payment request left in flight: Payson is asked
// whether the checkout is shipped, its status recorded either way, and the
// claim released, so that a request that did not get through can be sent
// again and one that did is refused as shipped.
func (s *service) settleShip(ctx context.Context, a store.Attempt) error {
	id, err := uuid.Parse(a.Ref)
	if err != nil {
		return fmt.Errorf("paysonv2: ship attempt ref %q: %w", a.Ref, err)
	}
	row, err := s.db.PaysonCheckoutByCheckoutID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	row, _, err = s.refresh(ctx, row)
	if err != nil {
		return err
	}
	// The claim was taken before the attempt began; one taken after it
	// is a later request's, which is under way.
	if _, err := s.db.ReleaseStalePaysonShip(ctx, row.ID, a.StartedAt); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "payson: payment request settled", "checkout", row.CheckoutID, "status", bokaMeraStatus(row.PaysonStatus).String())
	return nil
}

func (s *service) releaseShip(ctx context.Context, row store.PaysonCheckout) {
	if err := s.db.ReleasePaysonShip(context.WithoutCancel(ctx), row.ID); err != nil {
		s.log.ErrorContext(ctx, "payson: release ship claim", "checkout", row.CheckoutID, "error", err)
	}
}

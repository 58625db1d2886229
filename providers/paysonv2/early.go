package paysonv2

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/server"
	"paygate/store"
)

// keepEarly keeps a notification about a checkout no row has: Payson may
// notify before the create that made the checkout has recorded its id.
// Only the id is kept, as nothing else in a notification is trusted; the
// checkout is read back from Payson when a row gets that id. A made-up id
// costs one row, forgotten after a few days.
func (s *service) keepEarly(ctx context.Context, req *dto.PaysonCheckout2IPNCallBack) (*dto.IpnCallBackResponse, error) {
	n := store.EarlyNotification{Provider: store.EarlyPayson, EventID: req.Checkout.String(), Ref: req.Checkout.String()}
	if req.CompanyId != nil {
		n.CompanyID = req.CompanyId.String()
	}
	if err := s.db.KeepEarlyNotification(ctx, n); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "payson: notification kept for a checkout not recorded yet",
		"checkout", req.Checkout, "company", req.CompanyId, "booking", req.BookingId)
	return &dto.IpnCallBackResponse{Message: fmt.Sprintf(
		"Checkout %s is unknown yet; the notification is kept and applied if a checkout of paygate gets that id.", req.Checkout),
		Reply: dto.Reply{Outcome: server.OutcomeIgnored}}, nil
}

// applyEarly reads back from Payson a checkout just recorded on a row, if
// a notification about it came before, and forgets the notification.
func (s *service) applyEarly(ctx context.Context, checkout uuid.UUID) error {
	kept, err := s.db.EarlyNotifications(ctx, store.EarlyPayson, checkout.String())
	if err != nil || len(kept) == 0 {
		return err
	}
	row, err := s.db.PaysonCheckoutByCheckoutID(ctx, checkout)
	if err != nil {
		return err
	}
	if row, _, err = s.refresh(ctx, row); err != nil {
		return err
	}
	for _, n := range kept {
		if err := s.db.ForgetEarlyNotification(ctx, store.EarlyPayson, n.EventID); err != nil {
			return err
		}
	}
	s.log.InfoContext(ctx, "payson: kept notification applied", "checkout", checkout, "status", bokaMeraStatus(row.PaysonStatus).String())
	return nil
}

// applyEarlyAfterCreate is applyEarly for the create that recorded the
// checkout: a failure is logged, not answered, as the checkout is made and
// the recoverer's sweep applies what is left.
func (s *service) applyEarlyAfterCreate(ctx context.Context, checkout uuid.UUID) {
	if err := s.applyEarly(ctx, checkout); err != nil {
		s.log.ErrorContext(ctx, "payson: apply kept notification", "checkout", checkout, "error", err)
	}
}

// EarlySweeper applies kept notifications whose checkout a row has by now,
// for when the create that recorded it ended before applying them.
type EarlySweeper struct{ s *service }

// NewEarlySweeper returns the sweeper of d's kept notifications.
func NewEarlySweeper(d Deps) *EarlySweeper { return &EarlySweeper{s: newService(d)} }

// earlyBatch bounds the kept notifications one sweep applies.
const earlyBatch = 100

// SettleInFlight applies the due kept notifications and reports how many
// checkouts it read back.
func (w *EarlySweeper) SettleInFlight(ctx context.Context, _ time.Duration) (int, error) {
	due, err := w.s.db.DueEarlyNotifications(ctx, store.EarlyPayson, earlyBatch)
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, n := range due {
		id, err := uuid.Parse(n.Ref)
		if err != nil {
			return applied, fmt.Errorf("paysonv2: kept notification %s: %w", n.EventID, err)
		}
		if err := w.s.applyEarly(ctx, id); err != nil {
			return applied, err
		}
		applied++
	}
	return applied, nil
}

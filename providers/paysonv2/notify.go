package paysonv2

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/store"
)

// notification is PaysonCheckout2IPNCallBack. Nothing in the request is
// trusted but the checkout id: the checkout is read back from Payson with
// the credentials of the company that created it, and its status stored
// unless the stored one is further along, so a duplicate or late
// notification changes nothing. Payson retries anything but 200 for a day;
// a notification about a checkout no row has (yet) is kept and answered 200
// so that it stops, while a failed read-back is not, so that Payson tries
// again.
func (s *service) notification(ctx context.Context, req *dto.PaysonCheckout2IPNCallBack) (*dto.IpnCallBackResponse, error) {
	if req.Checkout == uuid.Nil {
		return nil, apierr.Invalid("checkout", "NotEmpty", "'checkout' must not be empty: Payson sends the checkout id as ?checkout=<id>.")
	}
	row, err := s.db.PaysonCheckoutByCheckoutID(ctx, req.Checkout)
	if errors.Is(err, store.ErrNotFound) {
		// The create that made it may not have recorded it yet.
		return s.keepEarly(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	row, _, err = s.refresh(ctx, row)
	if err != nil {
		s.log.WarnContext(ctx, "payson: notification not verified", "checkout", req.Checkout, "error", err)
		return nil, err
	}
	status := bokaMeraStatus(row.PaysonStatus)
	s.log.InfoContext(ctx, "payson: notification", "checkout", row.CheckoutID, "company", row.CompanyID,
		"reference", row.InternalReferenceID, "status", status.String())
	return &dto.IpnCallBackResponse{Message: fmt.Sprintf("Checkout %s is %s.", row.CheckoutID, status), Success: true}, nil
}

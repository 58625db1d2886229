package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/providers/payson"
	"paygate/store"
)

// shipLease bounds how long one payment request holds a checkout: longer
// than the Payson calls it makes, short enough that a crash does not block
// the next attempt for long.
const shipLease = 2 * time.Minute

// sendPaymentRequest is SendCheckoutPaymentRequest: a checkout the customer
// has paid (ReadyToShip) is marked shipped at Payson, which captures the
// payment or sends the invoice. Payson's own status decides, read just
// before; a checkout in any other status is refused with 409, so a repeated
// call never ships twice.
func (s *service) sendPaymentRequest(ctx context.Context, req *dto.SendCheckoutPaymentRequest) (*dto.PaysonCheckoutV2Response, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	row, err := s.checkoutOf(ctx, company, req.Id)
	if err != nil {
		return nil, err
	}
	client, err := s.clientFor(ctx, row.CompanyID, row.TestMode)
	if err != nil {
		return nil, err
	}
	// Once Payson may be asked to ship, the outcome is recorded even if
	// the caller goes away, within the attempt bound.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	claimed, err := s.db.ClaimPaysonShip(ctx, row.ID, shipLease)
	if err != nil {
		return nil, err
	}
	if !claimed {
		return nil, apierr.Conflict("PaymentRequestInProgress",
			fmt.Sprintf("The payment request of checkout %s is being sent right now.", row.CheckoutID))
	}
	if err := s.beginShip(ctx, row); err != nil {
		s.releaseShip(ctx, row)
		return nil, err
	}
	// Unless Payson may have shipped without saying so, the outcome is
	// known here; otherwise the recoverer reads it back.
	known := true
	defer func() {
		s.releaseShip(ctx, row)
		if known {
			s.endShip(ctx, row)
		}
	}()
	row, co, err := s.refresh(ctx, row)
	if err != nil {
		return nil, err
	}
	if co.Status != payson.StatusReadyToShip {
		return nil, notReadyToShip(row, observed(co))
	}
	co.Status = payson.StatusShipped
	shipped, err := client.UpdateCheckout(ctx, co)
	if err != nil {
		err = s.shipRefused(ctx, client, row, err)
		known = apierr.Settled(err)
		return nil, err
	}
	if row, err = s.db.RecordPaysonStatus(ctx, row.ID, observed(shipped)); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "payson: payment request sent", "checkout", row.CheckoutID, "company", row.CompanyID)
	return response(row), nil
}

// shipRefused explains a failed ship. When Payson refused it, the checkout
// is read again: it may have moved on (expired, canceled) since it was read.
func (s *service) shipRefused(ctx context.Context, client *payson.Client, row store.PaysonCheckout, err error) error {
	var perr *payson.Error
	if errors.As(err, &perr) && perr.Status == http.StatusBadRequest {
		if again, rerr := client.GetCheckout(ctx, row.CheckoutID); rerr == nil && again.Status != payson.StatusReadyToShip {
			if _, rerr := s.db.RecordPaysonStatus(ctx, row.ID, observed(again)); rerr != nil {
				return rerr
			}
			return notReadyToShip(row, observed(again))
		}
	}
	return paysonError("send the payment request", err, nil)
}

// notReadyToShip refuses a payment request for a checkout in status st.
func notReadyToShip(row store.PaysonCheckout, st store.PaysonStatus) *apierr.Error {
	status := bokaMeraStatus(st)
	msg := fmt.Sprintf("Checkout %s is %s; a payment request can only be sent for a checkout that is %s.",
		row.CheckoutID, describe(status), describe(dto.PaysonStatusReadyToShip))
	return &apierr.Error{Status: http.StatusConflict, Code: "CheckoutNotReadyToShip", Message: msg,
		Fields: []apierr.FieldError{{Code: "CheckoutNotReadyToShip", Field: "Id", Message: msg}},
		Meta:   map[string]string{"Status": status.String()}}
}

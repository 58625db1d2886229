package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/providers/payson"
	"paygate/store"
)

// get is PaysonCheckoutv2GetCheckout: the checkout as Payson has it now.
func (s *service) get(ctx context.Context, req *dto.PaysonCheckoutv2GetCheckout) (*dto.PaysonCheckoutV2Response, error) {
	company, err := bokamera.Company(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	row, err := s.checkoutOf(ctx, company, req.Id)
	if err != nil {
		return nil, err
	}
	row, _, err = s.refresh(ctx, row)
	if err != nil {
		return nil, err
	}
	return response(row), nil
}

// checkoutOf finds company's checkout id. Another company's checkout is
// not found, so ids tell nothing about other companies.
func (s *service) checkoutOf(ctx context.Context, company, id uuid.UUID) (store.PaysonCheckout, error) {
	row, err := s.db.PaysonCheckoutByCheckoutID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && row.CompanyID != company) {
		msg := fmt.Sprintf("Checkout %s was not found.", id)
		return store.PaysonCheckout{}, &apierr.Error{Status: http.StatusNotFound, Code: "NotFound", Message: msg,
			Fields: []apierr.FieldError{{Code: "NotFound", Field: "Id", Message: msg}}}
	}
	return row, err
}

// refresh reads row's checkout back from Payson and stores its status,
// unless the stored one is further along. It returns the row as stored and
// the checkout as read.
func (s *service) refresh(ctx context.Context, row store.PaysonCheckout) (store.PaysonCheckout, *payson.Checkout, error) {
	ctx, cancel := context.WithTimeout(ctx, s.attemptTimeout)
	defer cancel()
	client, err := s.clientFor(ctx, row.CompanyID, row.TestMode)
	if err != nil {
		return row, nil, err
	}
	co, err := client.GetCheckout(ctx, row.CheckoutID)
	if err != nil {
		return row, nil, paysonError("read the checkout", err, nil)
	}
	row, err = s.db.RecordPaysonStatus(ctx, row.ID, observed(co))
	if err != nil {
		return row, nil, err
	}
	return row, co, nil
}

func response(row store.PaysonCheckout) *dto.PaysonCheckoutV2Response {
	return &dto.PaysonCheckoutV2Response{Id: row.CheckoutID, Snippet: row.Snippet, Status: bokaMeraStatus(row.PaysonStatus)}
}

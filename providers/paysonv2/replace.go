package paysonv2

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"paygate/apierr"
	"paygate/providers/payson"
	"paygate/store"
)

// replace ends cur, an entity's current checkout, before a new one is
// created, so that the entity never has two checkouts a customer could pay.
// A checkout still open at Payson is canceled there; one that has ended is
// only marked. A checkout the customer has paid is kept, and the new one
// refused: paying twice is what this prevents.
func (s *service) replace(ctx context.Context, cur store.PaysonCheckout) error {
	if !ended(payson.Status(cur.Status)) {
		client, err := s.clientFor(ctx, cur.CompanyID, cur.TestMode)
		if err != nil {
			return err
		}
		co, err := client.GetCheckout(ctx, cur.CheckoutID)
		if err != nil {
			return earlierError(cur, "read", err)
		}
		if cur, err = s.db.RecordPaysonStatus(ctx, cur.ID, observed(co)); err != nil {
			return err
		}
		if !ended(co.Status) {
			if err := s.cancel(ctx, client, co, &cur); err != nil {
				return err
			}
		}
	}
	return s.db.InvalidatePaysonCheckout(ctx, cur.ID)
}

// cancel cancels co, the checkout of attempt cur, at Payson and records the
// outcome in cur. A refusal is read back: Payson may have moved the
// checkout on in the meantime.
func (s *service) cancel(ctx context.Context, client *payson.Client, co *payson.Checkout, cur *store.PaysonCheckout) error {
	if co.Status.Paid() {
		return alreadyPaid(*cur)
	}
	co.Status = payson.StatusCanceled
	got, err := client.UpdateCheckout(ctx, co)
	if err != nil {
		var perr *payson.Error
		if !errors.As(err, &perr) || errors.Is(err, payson.ErrUnavailable) {
			return earlierError(*cur, "cancel", err)
		}
		again, rerr := client.GetCheckout(ctx, cur.CheckoutID)
		if rerr != nil {
			return earlierError(*cur, "cancel", err)
		}
		got = again
	}
	if *cur, err = s.db.RecordPaysonStatus(ctx, cur.ID, observed(got)); err != nil {
		return err
	}
	switch {
	case got.Status.Paid():
		return alreadyPaid(*cur)
	case !ended(got.Status):
		return earlierError(*cur, "cancel", fmt.Errorf("payson: checkout %s is still %s", cur.CheckoutID, got.Status))
	}
	return nil
}

// ended reports whether a checkout ended without being paid.
func ended(s payson.Status) bool {
	return s == payson.StatusCanceled || s == payson.StatusExpired || s == payson.StatusDenied
}

// alreadyPaid refuses a new checkout for an entity the customer has paid.
func alreadyPaid(cur store.PaysonCheckout) *apierr.Error {
	msg := fmt.Sprintf("%q is already paid by checkout %s, which is %s; it gets no new checkout.",
		cur.InternalReferenceID, cur.CheckoutID, describe(bokaMeraStatus(cur.PaysonStatus)))
	return &apierr.Error{Status: http.StatusConflict, Code: "AlreadyPaid", Message: msg,
		Fields: []apierr.FieldError{{Code: "AlreadyPaid", Field: "InternalReferenceId", Message: msg}}}
}

// earlierError explains that the entity's earlier checkout could not be
// read or canceled (doing), so no new one was made.
func earlierError(cur store.PaysonCheckout, doing string, err error) *apierr.Error {
	e := paysonError(fmt.Sprintf("%s the earlier checkout %s of %q", doing, cur.CheckoutID, cur.InternalReferenceID), err, nil)
	if e.Status == http.StatusNotFound || e.Status == http.StatusBadRequest {
		// Not the caller's request is at fault: the earlier checkout stands
		// in the way of a new one.
		e.Status, e.Code, e.Fields = http.StatusConflict, "EarlierCheckoutOpen", nil
		e.Message = fmt.Sprintf("No new checkout was made: Payson would not let paygate %s the earlier checkout %s of %q (%s).",
			doing, cur.CheckoutID, cur.InternalReferenceID, e.Message)
	}
	return e
}

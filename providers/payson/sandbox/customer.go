package sandbox

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// Action is something that happens to a checkout on Payson's side: the
// customer acting in the iframe, the payment processor deciding, time
// passing, or Payson paying the merchant out.
type Action string

const (
	// ActionFill fills in the customer form: created or formsFilled to
	// readyToPay, passing formsFilled.
	ActionFill Action = "fill"
	// ActionPay completes the purchase as a successful card or invoice
	// payment would: filling the form first if needed, asking the
	// merchant's validationUri, then processingPayment to readyToShip.
	ActionPay Action = "pay"
	// ActionCancel is the customer leaving before paying.
	ActionCancel Action = "cancel"
	// ActionDeny is the payment or invoice being refused, before paying.
	ActionDeny Action = "deny"
	// ActionExpire is the checkout's time running out, unpaid or unshipped.
	ActionExpire Action = "expire"
	// ActionSettle is Payson paying a shipped checkout out to the merchant.
	ActionSettle Action = "settle"
)

// Act makes a happen to checkout id. customer, used by fill and pay, fills
// in over the merchant's prefill and a made-up test person; nil is fine.
// Errors are *payson.Error: 404 unknown checkout, 400 unknown action or bad
// customer data, 409 an action the checkout's status does not allow.
func (s *Sandbox) Act(ctx context.Context, id uuid.UUID, a Action, customer *payson.Customer) (*payson.Checkout, error) {
	var to payson.Status
	switch a {
	case ActionFill:
		return s.act(id, func(rec *record, ch *changes) error { return s.fill(rec, customer, ch) })
	case ActionPay:
		return s.pay(ctx, id, customer)
	case ActionCancel:
		to = payson.StatusCanceled
	case ActionDeny:
		to = payson.StatusDenied
	case ActionExpire:
		to = payson.StatusExpired
	case ActionSettle:
		to = payson.StatusPaidToAccount
	default:
		return nil, &payson.Error{Status: http.StatusBadRequest, Message: fmt.Sprintf(
			"Unknown action %.40q; use fill, pay, cancel, deny, expire or settle.", a)}
	}
	return s.act(id, func(rec *record, ch *changes) error { return s.move(rec, to, byPayson, ch) })
}

// act runs fn on checkout id for the customer's side, turning a refused
// status change into 409 Conflict.
func (s *Sandbox) act(id uuid.UUID, fn func(*record, *changes) error) (*payson.Checkout, error) {
	co, err := s.withCheckout(id, "", fn)
	if err != nil {
		return nil, conflict(err)
	}
	return &co, nil
}

func conflict(err error) error {
	if _, ok := err.(*payson.Error); ok {
		return err
	}
	return &payson.Error{Status: http.StatusConflict, Message: err.Error()}
}

func conflictf(format string, args ...any) *payson.Error {
	return &payson.Error{Status: http.StatusConflict, Message: fmt.Sprintf(format, args...)}
}

// fill completes the customer form. It checks everything before changing
// anything, as withCheckout requires.
func (s *Sandbox) fill(rec *record, given *payson.Customer, ch *changes) error {
	st := rec.co.Status
	if st != payson.StatusCreated && st != payson.StatusFormsFilled {
		return conflictf("The customer form can only be filled in while the checkout is created or formsFilled; it is %s.", st)
	}
	c := testPerson()
	overlay(&c, rec.co.Customer)
	overlay(&c, given)
	var p problems
	checkCustomer(&c, &p)
	if len(p) > 0 {
		return invalid(p)
	}
	rec.co.Customer = &c
	if st == payson.StatusCreated {
		if err := s.move(rec, payson.StatusFormsFilled, byPayson, ch); err != nil {
			return err
		}
	}
	return s.move(rec, payson.StatusReadyToPay, byPayson, ch)
}

// pay runs a purchase in three steps, releasing the store between them
// because the merchant's validationUri is called in the middle.
func (s *Sandbox) pay(ctx context.Context, id uuid.UUID, customer *payson.Customer) (*payson.Checkout, error) {
	co, err := s.act(id, func(rec *record, ch *changes) error {
		switch rec.co.Status {
		case payson.StatusCreated, payson.StatusFormsFilled:
			return s.fill(rec, customer, ch)
		case payson.StatusReadyToPay, payson.StatusProcessingPayment:
			return nil
		}
		return conflictf("A checkout that is %s can not be paid.", rec.co.Status)
	})
	if err != nil {
		return nil, err
	}
	if co.Status == payson.StatusReadyToPay && co.Merchant.ValidationURI != "" {
		if err := s.validate(ctx, co.Merchant.ValidationURI, id); err != nil {
			return nil, err
		}
	}
	return s.act(id, func(rec *record, ch *changes) error {
		if rec.co.Status == payson.StatusReadyToPay {
			if err := s.move(rec, payson.StatusProcessingPayment, byPayson, ch); err != nil {
				return err
			}
		}
		return s.move(rec, payson.StatusReadyToShip, byPayson, ch)
	})
}

// validate asks the merchant whether the purchase may go ahead: GET
// validationUri?checkout=<id>, where only 200 means yes.
func (s *Sandbox) validate(ctx context.Context, uri string, id uuid.UUID) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.CallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, notificationURL(uri, id), nil)
	if err != nil {
		return conflictf("The merchant's validationUri can not be called: %v", err)
	}
	resp, err := s.calls.Do(req)
	if err != nil {
		return conflictf("The merchant's validationUri did not answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return conflictf("The merchant's validationUri answered %d; the purchase was stopped.", resp.StatusCode)
	}
	return nil
}

// testPerson is who fills the form when nobody says otherwise.
func testPerson() payson.Customer {
	return payson.Customer{
		Type: "person", FirstName: "Test", LastName: "Person", Email: "test.person@example.com",
		Phone: "0701234567", Street: "Storgatan 1", PostalCode: "11122", City: "Stockholm", CountryCode: "SE",
	}
}

// overlay copies the non-empty fields of src over dst.
func overlay(dst, src *payson.Customer) {
	if src == nil {
		return
	}
	for _, f := range []struct {
		d *string
		v string
	}{
		{&dst.Type, src.Type}, {&dst.FirstName, src.FirstName}, {&dst.LastName, src.LastName},
		{&dst.Email, src.Email}, {&dst.Phone, src.Phone}, {&dst.IdentityNumber, src.IdentityNumber},
		{&dst.Street, src.Street}, {&dst.PostalCode, src.PostalCode}, {&dst.City, src.City},
		{&dst.CountryCode, src.CountryCode},
	} {
		if f.v != "" {
			*f.d = f.v
		}
	}
}

package payson

import (
	"context"
	"errors"
	"fmt"
	"path"

	"github.com/google/uuid"
)

// CreateCheckout creates a checkout and returns it as Payson stored it, with
// its id, status created, computed totals and the snippet to embed.
func (c *Client) CreateCheckout(ctx context.Context, req CreateCheckoutRequest) (*Checkout, error) {
	var co Checkout
	h, err := c.do(ctx, "POST", "/Checkouts", req, &co)
	if err != nil {
		return nil, fmt.Errorf("payson: create checkout: %w", err)
	}
	if co.ID != uuid.Nil {
		return &co, nil
	}
	// Payson names the new checkout in Location; some clients read only
	// that, so a body without the id is not an error as long as Location
	// has it.
	id, err := uuid.Parse(path.Base(h.Get("Location")))
	if err != nil {
		return nil, fmt.Errorf("payson: create checkout: %w: no checkout id in response", ErrUnavailable)
	}
	return c.GetCheckout(ctx, id)
}

// GetCheckout reads checkout id. This is what a notification handler must
// do: the notification itself carries nothing to trust.
func (c *Client) GetCheckout(ctx context.Context, id uuid.UUID) (*Checkout, error) {
	var co Checkout
	if _, err := c.do(ctx, "GET", "/Checkouts/"+id.String(), nil, &co); err != nil {
		return nil, fmt.Errorf("payson: get checkout %s: %w", id, err)
	}
	return &co, nil
}

// CheckoutList is a page of the merchant's checkouts, newest first.
type CheckoutList struct {
	Data    []Checkout `json:"data"`
	HasMore bool       `json:"hasMore"`
}

// ListCheckouts reads page (from 1) of the merchant's checkouts, size at a
// time, newest first. It is how a checkout whose create went unanswered is
// found again: by the merchant reference it was created with.
func (c *Client) ListCheckouts(ctx context.Context, page, size int) (*CheckoutList, error) {
	var l CheckoutList
	if _, err := c.do(ctx, "GET", fmt.Sprintf("/Checkouts?page=%d&pageSize=%d", page, size), nil, &l); err != nil {
		return nil, fmt.Errorf("payson: list checkouts: %w", err)
	}
	return &l, nil
}

// UpdateCheckout sends the whole checkout back, as Payson requires, and
// returns Payson's new version. Start from a checkout just read with
// GetCheckout and change only what is meant to change: Status to ship or
// cancel, items' CreditedAmount to credit, the order before payment.
func (c *Client) UpdateCheckout(ctx context.Context, co *Checkout) (*Checkout, error) {
	if co == nil || co.ID == uuid.Nil {
		return nil, errors.New("payson: update checkout: checkout has no id")
	}
	var out Checkout
	if _, err := c.do(ctx, "PUT", "/Checkouts/"+co.ID.String(), co, &out); err != nil {
		return nil, fmt.Errorf("payson: update checkout %s: %w", co.ID, err)
	}
	return &out, nil
}

// ShipCheckout marks checkout id as shipped: Payson captures the payment or
// sends the invoice. Payson allows it only from readyToShip.
func (c *Client) ShipCheckout(ctx context.Context, id uuid.UUID) (*Checkout, error) {
	return c.setStatus(ctx, id, StatusShipped)
}

// CancelCheckout cancels checkout id. Payson allows it until it is shipped.
func (c *Client) CancelCheckout(ctx context.Context, id uuid.UUID) (*Checkout, error) {
	return c.setStatus(ctx, id, StatusCanceled)
}

// setStatus is a read followed by a write, because Payson takes only whole
// checkouts. A change by Payson in between is no harm: Payson checks the
// transition against its own current status, not against ours.
func (c *Client) setStatus(ctx context.Context, id uuid.UUID, s Status) (*Checkout, error) {
	co, err := c.GetCheckout(ctx, id)
	if err != nil {
		return nil, err
	}
	co.Status = s
	return c.UpdateCheckout(ctx, co)
}

// GetAccount reads the merchant account of the client's credentials; a cheap
// way to check that they work.
func (c *Client) GetAccount(ctx context.Context) (*Account, error) {
	var a Account
	if _, err := c.do(ctx, "GET", "/Accounts", nil, &a); err != nil {
		return nil, fmt.Errorf("payson: get account: %w", err)
	}
	return &a, nil
}

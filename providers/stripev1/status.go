package stripev1

import (
	"context"
	"errors"
	"fmt"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/store"
)

// observation is what Stripe said about a session, from an event or a read.
type observation struct {
	status          stripego.CheckoutSessionStatus // "" when it did not say
	paymentStatus   string                         // a store.Payment* value; "" when it did not say
	paymentIntentID string
	customerID      string
	customerEmail   string
}

func observeSession(sess *stripego.CheckoutSession) observation {
	o := observation{status: sess.Status, paymentStatus: string(sess.PaymentStatus)}
	if sess.PaymentIntent != nil {
		o.paymentIntentID = sess.PaymentIntent.ID
	}
	if sess.Customer != nil {
		o.customerID = sess.Customer.ID
	}
	if sess.CustomerDetails != nil {
		o.customerEmail = sess.CustomerDetails.Email
	}
	return o
}

// merge folds o into c. Only forward moves count: a session once complete
// stays complete and a payment once settled stays settled, so events in
// any order, replays of old events and stale reads leave the right answer.
func merge(c *store.StripeCheckout, o observation) {
	if o.paymentIntentID != "" {
		c.PaymentIntentID = o.paymentIntentID
	}
	if o.customerID != "" {
		c.CustomerID = o.customerID
	}
	if o.customerEmail != "" {
		c.CustomerEmail = o.customerEmail
	}
	switch o.status {
	case stripego.CheckoutSessionStatusComplete:
		// Even an invalidated checkout: the customer paid on it, and that
		// money must be on record.
		c.State = store.CheckoutComplete
		c.SessionClosed = true
		if c.PaymentStatus == store.PaymentUnpaid && o.paymentStatus != "" {
			c.PaymentStatus = o.paymentStatus
		}
	case stripego.CheckoutSessionStatusExpired:
		c.SessionClosed = true
		if c.State == store.CheckoutOpen || c.State == store.CheckoutCreating {
			c.State = store.CheckoutExpired
		}
	}
}

// sessionStatus is the status a checkout's session has, as Stripe names it.
func sessionStatus(c store.StripeCheckout) string {
	switch c.State {
	case store.CheckoutComplete:
		return string(stripego.CheckoutSessionStatusComplete)
	case store.CheckoutOpen, store.CheckoutCreating:
		return string(stripego.CheckoutSessionStatusOpen)
	}
	// Invalidated checkouts were expired by us, or are being.
	return string(stripego.CheckoutSessionStatusExpired)
}

// checkoutStatus reads a session back from Stripe and answers with what
// Stripe and the webhooks together say about it.
func (s *service) checkoutStatus(ctx context.Context, req *dto.GetStripeCheckoutV1CheckoutStatus) (*dto.StripeCheckoutStatusQueryResponse, error) {
	c, err := s.db.StripeCheckoutBySession(ctx, *req.CompanyId, req.SessionId)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierr.NotFound(fmt.Sprintf("Company %s has no checkout session '%s'.", *req.CompanyId, req.SessionId))
	}
	if err != nil {
		return nil, err
	}
	sess, err := s.readSession(ctx, c)
	if err != nil {
		return nil, err
	}
	c, err = s.db.UpdateStripeCheckout(ctx, c.SessionID, "", "", func(row *store.StripeCheckout) error {
		merge(row, observeSession(sess))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dto.StripeCheckoutStatusQueryResponse{CustomerEmail: c.CustomerEmail, Status: sessionStatus(c)}, nil
}

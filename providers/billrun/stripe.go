package billrun

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/providers/stripe"
	"paygate/store"
)

// customerFor finds the Stripe customer of account a by its email, or
// creates one. Stripe filters the list by email; the answer is checked
// anyway, so an account can never be matched to another person's customer.
func (g *gateway) customerFor(ctx context.Context, a store.BillRunAccount) (string, error) {
	lp := &stripego.CustomerListParams{ListParams: stripego.ListParams{Context: ctx}, Email: stripego.String(a.Email)}
	lp.Limit = stripego.Int64(1)
	it := g.stripe.API().Customers.List(lp)
	if it.Next() {
		if c := it.Customer(); strings.EqualFold(c.Email, a.Email) {
			return c.ID, nil
		}
	}
	if err := it.Err(); err != nil {
		return "", stripeFailure("find the Stripe customer", err)
	}
	name := strings.TrimSpace(a.FirstName + " " + a.LastName)
	p := &stripego.CustomerParams{Params: stripego.Params{Context: ctx}, Email: stripego.String(a.Email)}
	if name != "" {
		p.Name = stripego.String(name)
	}
	// Keyed by what is sent, so concurrent first requests of one account
	// make one customer, and an edited account is not refused as a reuse.
	p.SetIdempotencyKey(stripe.IdempotencyKey("billrun-customer", strconv.FormatInt(a.AID, 10), a.Email, name))
	c, err := g.stripe.API().Customers.New(p)
	if err != nil {
		return "", stripeFailure("create the Stripe customer", err)
	}
	return c.ID, nil
}

// sessionLifetime is how long a Checkout Session stays open: Stripe allows
// 30 minutes to 24 hours, and the margin absorbs clock skew. okPageGrace
// lets a session completed at the last minute still be confirmed.
const (
	sessionLifetime = 23 * time.Hour
	okPageGrace     = time.Hour
)

// openSession creates the setup-mode Checkout Session of transaction tx.
func (g *gateway) openSession(ctx context.Context, tx, customer string, r sessionRequest) (*stripego.CheckoutSession, error) {
	p := &stripego.CheckoutSessionParams{
		Params:             stripego.Params{Context: ctx},
		Mode:               stripego.String(string(stripego.CheckoutSessionModeSetup)),
		Customer:           stripego.String(customer),
		PaymentMethodTypes: stripego.StringSlice([]string{"card"}),
		SuccessURL:         stripego.String(r.SuccessURL),
		ExpiresAt:          stripego.Int64(r.ExpiresAt),
	}
	if r.CancelURL != "" {
		p.CancelURL = stripego.String(r.CancelURL)
	}
	p.SetIdempotencyKey(stripe.IdempotencyKey("billrun-setup-session", tx))
	s, err := g.stripe.API().CheckoutSessions.New(p)
	if err != nil {
		return nil, stripeFailure("create the Checkout Session", err)
	}
	if s.URL == "" || s.LastResponse == nil {
		return nil, apierr.Unavailable(stripe.CodeUnavailable, "Stripe answered without a Checkout URL", errors.New("session "+s.ID+" has no url"))
	}
	return s, nil
}

// session reads an open transaction's Checkout Session back.
func (g *gateway) session(ctx context.Context, id string) (*stripego.CheckoutSession, error) {
	ctx, cancel := context.WithTimeout(ctx, g.attemptTimeout)
	defer cancel()
	s, err := g.stripe.API().CheckoutSessions.Get(id, &stripego.CheckoutSessionParams{Params: stripego.Params{Context: ctx}})
	if err != nil {
		return nil, stripeFailure("read the Checkout Session", err)
	}
	if s.URL == "" || s.LastResponse == nil {
		return nil, apierr.Unavailable(stripe.CodeUnavailable, "Stripe answered without a Checkout URL", errors.New("session "+s.ID+" has no url"))
	}
	return s, nil
}

// savedCard asks Stripe, server to server, whether transaction t's session
// saved a card: the session must be complete, for the customer it was
// opened for, and its SetupIntent succeeded.
func (g *gateway) savedCard(ctx context.Context, t store.BillRunTx) (store.BillRunCard, error) {
	p := &stripego.CheckoutSessionParams{Params: stripego.Params{Context: ctx}}
	p.AddExpand("setup_intent.payment_method")
	s, err := g.stripe.API().CheckoutSessions.Get(t.SessionID, p)
	if err != nil {
		return store.BillRunCard{}, stripeFailure("read the Checkout Session", err)
	}
	if s.Status != stripego.CheckoutSessionStatusComplete {
		return store.BillRunCard{}, invalid(txIDName, fmt.Sprintf("The card was not saved: the Checkout Session is %s, not complete", orNone(string(s.Status))))
	}
	si := s.SetupIntent
	if si == nil || si.Status != stripego.SetupIntentStatusSucceeded {
		status := ""
		if si != nil {
			status = string(si.Status)
		}
		return store.BillRunCard{}, invalid(txIDName, fmt.Sprintf("Setup intent not succeeded (%s)", orNone(status)))
	}
	if s.Customer == nil || s.Customer.ID != t.CustomerID {
		return store.BillRunCard{}, invalid(txIDName, fmt.Sprintf("Non valid payment gateway for aid = %d: the session belongs to another customer", t.AID))
	}
	pm := si.PaymentMethod
	if pm == nil || pm.ID == "" || pm.Card == nil {
		return store.BillRunCard{}, invalid(txIDName, fmt.Sprintf("Non valid payment gateway for aid = %d: no card was saved", t.AID))
	}
	card := pm.Card
	if card.ExpMonth < 1 || card.ExpMonth > 12 || card.ExpYear < 1000 || card.ExpYear > 9999 {
		return store.BillRunCard{}, apierr.Unavailable(stripe.CodeUnavailable, "Stripe answered with an invalid card expiry",
			fmt.Errorf("payment method %s expires %d/%d", pm.ID, card.ExpMonth, card.ExpYear))
	}
	return store.BillRunCard{
		Tx: t.Tx, AID: t.AID, Name: t.Name, CustomerID: t.CustomerID, PaymentMethodID: pm.ID,
		FourDigits: card.Last4, ExpMonth: int(card.ExpMonth), ExpYear: int(card.ExpYear),
	}, nil
}

func orNone(s string) string {
	if s == "" {
		return "missing"
	}
	return s
}

// stripeFailure words a failed Stripe call for BillRun: Stripe's own
// message when it refused the request, a retry hint when it could not be
// reached.
func stripeFailure(doing string, err error) *apierr.Error {
	e := stripe.APIError(err)
	var re *stripe.RequestError
	if errors.As(e, &re) {
		e.Code, e.Message = "StripeError", "Stripe: "+re.Message
		return e
	}
	e.Message = "Could not " + doing + ": Stripe is unavailable, try again"
	return e
}

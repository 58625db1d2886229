package billrun

import (
	"context"
	"errors"
	"fmt"
	"strings"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/formats"
	"paygate/server"
	"paygate/store"
)

func (g *gateway) getRequest(ctx context.Context, req *dto.BillRunGetRequest) (*dto.BillRunGetRequestResponse, error) {
	x := server.ExchangeFrom(ctx)
	d := newData(req.Parsed)
	if err := checkURLFieldTypes(d); err != nil {
		return nil, err
	}
	if !bearerAllowed(x.Principal) && !validSignature(d, g.secret) {
		return nil, notAuthenticated()
	}
	c, err := readCheckout(d, g.returnURL)
	if err != nil {
		return nil, err
	}
	if c.iframe && c.requestParameters && x.Choice.Format == formats.XML {
		return nil, invalid("request_parameters", "request_parameters is answered in JSON, JSV or CSV: the session is Stripe's JSON")
	}
	s, tx, err := g.start(ctx, c)
	switch {
	case err != nil && !c.iframe && c.returnURL != "":
		// The customer's browser is here, not the caller's code: send it
		// back to the tenant with the reason, as BillRun does.
		x.Redirect(g.failureURL(ctx, c.returnURL, err))
		return nil, nil
	case err != nil:
		return nil, err
	case !c.iframe:
		x.Redirect(s.URL)
		return nil, nil
	}
	details := &dto.BillRunGetRequestDetails{URL: s.URL}
	if c.requestParameters {
		details.URL = &dto.BillRunRequestParameters{URL: s.URL, SessionID: s.ID, Session: s.LastResponse.RawJSON, TxID: tx}
	}
	return &dto.BillRunGetRequestResponse{Status: 1, Desc: "success", Details: details}, nil
}

// start records a transaction for c and opens its Checkout Session. A
// transaction that gets no session is left failed, with the reason.
func (g *gateway) start(ctx context.Context, c checkout) (*stripego.CheckoutSession, string, error) {
	acct, err := g.db.BillRunAccount(ctx, c.aid)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", apierr.NotFound(fmt.Sprintf("Account %d not found", c.aid))
	}
	if err != nil {
		return nil, "", err
	}
	if strings.TrimSpace(acct.Email) == "" {
		return nil, "", invalid("aid", fmt.Sprintf("Account %d has no email, so it has no Stripe customer to save a card for", c.aid))
	}
	tx, err := newTxID()
	if err != nil {
		return nil, "", err
	}
	okURL := c.okPage
	if !c.iframe {
		// The customer comes back to our own okPage, which then sends
		// them to the tenant; there is nowhere to cancel to.
		if okURL, err = withQueryParam(g.okPageURL, "name", c.name); err != nil {
			return nil, "", err
		}
	}
	successURL, err := withQueryParam(okURL, txIDName, tx)
	if err != nil {
		return nil, "", err
	}
	cancelURL := ""
	if c.failPage != "" {
		if cancelURL, err = withQueryParam(c.failPage, txIDName, tx); err != nil {
			return nil, "", err
		}
	}
	now := g.now()
	row := store.BillRunTx{Tx: tx, Name: c.name, AID: c.aid, T: c.t, ReturnURL: c.returnURL,
		CreatedAt: now, ExpiresAt: now.Add(sessionLifetime + okPageGrace)}
	if err := g.db.AddBillRunTx(ctx, row); err != nil {
		return nil, "", err
	}
	customer, err := g.customerFor(ctx, acct)
	var s *stripego.CheckoutSession
	if err == nil {
		s, err = g.openSession(ctx, tx, customer, successURL, cancelURL, now)
	}
	if err == nil {
		err = g.db.OpenBillRunTx(ctx, tx, customer, s.ID)
	}
	if err != nil {
		if ferr := g.db.FailBillRunTx(context.WithoutCancel(ctx), tx, apierr.From(err).Message); ferr != nil {
			g.log.ErrorContext(ctx, "billrun: record failed transaction", "tx", tx, "error", ferr)
		}
		return nil, "", err
	}
	return s, tx, nil
}

// failureURL is the tenant return URL carrying the reason of err. Failures
// that are ours are logged here, since no error answer will show them.
func (g *gateway) failureURL(ctx context.Context, returnURL string, err error) string {
	e := apierr.From(err)
	if e.Status >= 500 {
		g.log.ErrorContext(ctx, "billrun: request failed", "code", e.Code, "error", e.Error())
	}
	u, werr := withMessage(returnURL, e.Message)
	if werr != nil {
		// returnURL was checked to parse; keep the customer moving.
		return returnURL
	}
	return u
}

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
	"paygate/auth"
	"paygate/dto"
	"paygate/formats"
	"paygate/store"
)

func (g *gateway) getRequest(ctx context.Context, req *dto.BillRunGetRequest) (*dto.BillRunGetRequestResponse, error) {
	d := newData(req.Parsed)
	if err := checkURLFieldTypes(d); err != nil {
		return nil, err
	}
	// sig is the signature a request is authenticated by, unless a Bearer
	// credential vouches for it.
	var sig string
	if !bearerAllowed(auth.FromContext(ctx)) {
		if !validSignature(d, g.secret) {
			return nil, notAuthenticated()
		}
		sig, _ = d.str(sigField)
	}
	c, err := readCheckout(d, g.returnURL)
	if err != nil {
		return nil, err
	}
	if sig != "" {
		if err := g.fresh(c.t); err != nil {
			return nil, err
		}
	}
	if c.iframe && c.requestParameters && req.Format == formats.XML {
		return nil, invalid("request_parameters", "request_parameters is answered in JSON, JSV or CSV: the session is Stripe's JSON")
	}
	s, tx, err := g.start(ctx, c, sig)
	switch {
	case err != nil && !c.iframe && c.returnURL != "":
		// The customer's browser is here, not the caller's code: send it
		// back to the tenant with the reason, as BillRun does.
		return &dto.BillRunGetRequestResponse{Reply: dto.Reply{Redirect: g.failureURL(ctx, c.returnURL, err)}}, nil
	case err != nil:
		return nil, err
	case !c.iframe:
		return &dto.BillRunGetRequestResponse{Reply: dto.Reply{Redirect: s.URL}}, nil
	}
	details := &dto.BillRunGetRequestDetails{URL: s.URL}
	if c.requestParameters {
		details.URL = &dto.BillRunRequestParameters{URL: s.URL, SessionID: s.ID, Session: s.LastResponse.RawJSON, TxID: tx}
	}
	return &dto.BillRunGetRequestResponse{Status: 1, Desc: "success", Details: details}, nil
}

// start records a transaction for c and opens its Checkout Session. A
// transaction that gets no session is left failed, with the reason. A
// signed request (sig) that made a transaction before gets that one again.
func (g *gateway) start(ctx context.Context, c checkout, sig string) (*stripego.CheckoutSession, string, error) {
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
	req := sessionRequest{SuccessURL: successURL, CancelURL: cancelURL, ExpiresAt: now.Add(sessionLifetime).Unix()}
	if err := g.beginAttempt(ctx, tx, req); err != nil {
		return nil, "", err
	}
	row := store.BillRunTx{Tx: tx, Name: c.name, AID: c.aid, T: c.t, Sig: sig, ReturnURL: c.returnURL,
		CreatedAt: now, ExpiresAt: now.Add(sessionLifetime + okPageGrace)}
	switch err := g.db.AddBillRunTx(ctx, row); {
	case errors.Is(err, store.ErrBillRunReplay):
		g.endAttempt(ctx, tx)
		return g.replay(ctx, sig)
	case err != nil:
		g.endAttempt(ctx, tx)
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.attemptTimeout)
	defer cancel()
	s, err := g.makeSession(ctx, acct, tx, req)
	if err != nil {
		if apierr.Settled(err) {
			// Stripe refused: no session can exist under the key.
			if ferr := g.db.FailBillRunTx(ctx, tx, apierr.From(err).Message); ferr != nil {
				g.log.ErrorContext(ctx, "billrun: record failed transaction", "tx", tx, "error", ferr)
			} else {
				g.endAttempt(ctx, tx)
			}
		}
		// Otherwise Stripe may have made the session: the recoverer asks
		// again under the same key.
		return nil, "", err
	}
	g.endAttempt(ctx, tx)
	return s, tx, nil
}

// makeSession finds account a's customer and opens transaction tx's
// session, recording both: what getRequest and the recoverer do alike.
func (g *gateway) makeSession(ctx context.Context, a store.BillRunAccount, tx string, req sessionRequest) (*stripego.CheckoutSession, error) {
	customer, err := g.customerFor(ctx, a)
	if err != nil {
		return nil, err
	}
	s, err := g.openSession(ctx, tx, customer, req)
	if err != nil {
		return nil, err
	}
	if err := g.db.OpenBillRunTx(ctx, tx, customer, s.ID); err != nil {
		return nil, err
	}
	return s, nil
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

// fresh refuses a signed request whose _t_ (Unix seconds, as BillRun's
// signer writes time()) is older than the signature's validity, or further
// ahead than clock skew explains: a signed URL must not work forever.
func (g *gateway) fresh(t string) error {
	sec, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil {
		return invalid(timestampField, "_t_ must be the Unix time the request was signed at")
	}
	signed, now := time.Unix(sec, 0), g.now()
	if signed.Before(now.Add(-g.maxAge-clockSkew)) || signed.After(now.Add(clockSkew)) {
		return apierr.Unauthorized(fmt.Sprintf("Failed to authenticate: the signature of _t_ %s has expired (signatures are valid for %s)", t, g.maxAge))
	}
	return nil
}

// clockSkew is how far the signer's clock may be off ours either way.
const clockSkew = time.Minute

// replay answers a signed request again with the transaction it made.
func (g *gateway) replay(ctx context.Context, sig string) (*stripego.CheckoutSession, string, error) {
	prev, err := g.db.BillRunTxBySig(ctx, sig)
	if err != nil {
		return nil, "", err
	}
	switch prev.Status {
	case store.BillRunTxPending:
		return nil, "", apierr.Conflict("InProgress", "This signed request is being processed; send it again shortly")
	case store.BillRunTxFailed:
		return nil, "", apierr.Conflict("Failed", prev.Error)
	}
	s, err := g.session(ctx, prev.SessionID)
	if err != nil {
		return nil, "", err
	}
	return s, prev.Tx, nil
}

package stripev1

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/stripe"
	"paygate/store"
)

// createCheckout creates a Checkout Session for a payable entity, replacing
// the entity's earlier checkouts:
//
//  1. check the request and price it from the catalog (nothing written);
//  2. in one write transaction: refuse a paid entity, invalidate its open
//     checkouts and insert ours as "creating" (see store.BeginStripeCheckout);
//  3. expire the invalidated sessions at Stripe;
//  4. create the session with the idempotency key of our row;
//  5. open our row, unless a newer request invalidated it meanwhile, in
//     which case our session is expired and the caller told so.
//
// Whatever fails after step 2 leaves our row failed, never open.
func (s *service) createCheckout(ctx context.Context, req *dto.StripeV1CreateCheckout) (*dto.StripeCheckoutQueryResponse, error) {
	company := *req.CompanyId
	uiMode := req.UiMode
	if uiMode == "" {
		uiMode = uiHosted
	}
	if err := checkURLs(req, uiMode); err != nil {
		return nil, err
	}
	settings, err := s.stripeSettings(ctx, company)
	if err != nil {
		return nil, err
	}
	confirmation := req.ConfirmationUrl
	if confirmation == "" {
		confirmation = settings.DefaultConfirmationURL
	}
	if confirmation == "" {
		return nil, apierr.Invalid("ConfirmationUrl", "NotEmpty",
			"'Confirmation Url' must not be empty: the company has no default confirmation URL in its payment settings.")
	}
	o, err := s.price(ctx, company, settings.Currency, req.Articles)
	if err != nil {
		return nil, err
	}

	r := sessionRequest{countryCode: req.CountryCode, confirmationURL: confirmation, cancelURL: req.CancelUrl}
	public := uuid.New()
	row, stale, err := s.db.BeginStripeCheckout(ctx, store.StripeCheckout{
		PublicID:            public,
		CompanyID:           company,
		InternalReferenceID: req.InternalReferenceId,
		// One payable entity, one kind: the first article's type names
		// it in the metadata, as BokaMera's callback reads a single one.
		ArticleTypeID: int64(req.Articles[0].ArticleTypeId),
		UIMode:        uiMode,
		Currency:      o.Currency,
		AmountTotal:   o.Total,
		StripeAccount: settings.StripeAccount,
		Lines:         o.Lines,
	}, s.attemptStart(public, r))
	if err != nil {
		var paid *store.AlreadyPaidError
		if errors.As(err, &paid) {
			return nil, alreadyPaid(paid.Checkout)
		}
		return nil, err
	}

	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	r.checkout = row
	sess, err := s.startSession(ctx, row, stale, r)
	if err != nil {
		return nil, s.failed(context.WithoutCancel(ctx), row, err)
	}
	return checkoutResponse(row, sess), nil
}

// failed records the outcome of row's attempt that ended in err. A refusal
// leaves no doubt, so the row is failed; after a time-out or a failure
// Stripe may hold a session all the same, and the row is left creating for
// the recoverer, which asks Stripe under the same idempotency key.
func (s *service) failed(ctx context.Context, row store.StripeCheckout, err error) error {
	if !apierr.Settled(err) {
		return err
	}
	if ferr := s.db.FailStripeCheckout(ctx, row.ID, err.Error()); ferr != nil {
		return errors.Join(err, ferr)
	}
	s.endAttempt(ctx, row.PublicID)
	return err
}

// startSession runs steps 3 to 5 of createCheckout for row.
func (s *service) startSession(ctx context.Context, row store.StripeCheckout, stale []store.StripeCheckout, r sessionRequest) (*createdSession, error) {
	for _, old := range stale {
		if err := s.closeSession(ctx, old); err != nil {
			return nil, err
		}
	}
	sess := &createdSession{}
	if err := s.stripe.Create("/v1/checkout/sessions", sessionParams(ctx, r), sess); err != nil {
		return nil, stripeError(err, "create the checkout session")
	}
	res := store.SessionResult{SessionID: sess.ID}
	if sess.PaymentIntent != nil {
		res.PaymentIntentID = sess.PaymentIntent.ID
	}
	if sess.Customer != nil {
		res.CustomerID = sess.Customer.ID
	}
	open, kept, err := s.db.OpenStripeCheckout(ctx, row.ID, res, attemptDone(row.PublicID))
	if err != nil {
		return nil, err
	}
	if kept {
		s.applyEarlyAfterOpen(ctx, res.SessionID)
	}
	if !open {
		// The newer checkout's request saw no session on our row, so
		// expiring it is ours to do.
		row.SessionID = sess.ID
		if err := s.closeSession(ctx, row); err != nil {
			return nil, err
		}
		return nil, &apierr.Error{Status: http.StatusConflict, Code: "CheckoutSuperseded",
			Message: fmt.Sprintf("A newer checkout for InternalReferenceId '%s' replaced this one while it was being created.", row.InternalReferenceID),
			Fields: []apierr.FieldError{{Code: "CheckoutSuperseded", Field: "InternalReferenceId",
				Message: "A newer checkout for this reference replaced this one."}}}
	}
	return sess, nil
}

// closeSession makes sure Stripe takes no payment on c's session any more.
// Stripe refuses to expire a session that is not open: then the session is
// read back, and a completed one means the entity got paid meanwhile.
func (s *service) closeSession(ctx context.Context, c store.StripeCheckout) error {
	p := &stripego.CheckoutSessionExpireParams{Params: stripego.Params{Context: ctx}}
	stripe.WithAccount(&p.Params, c.StripeAccount)
	if _, err := s.stripe.API().CheckoutSessions.Expire(c.SessionID, p); err != nil {
		refused := stripeError(err, "expire the earlier checkout session "+c.SessionID)
		if refused.Status != http.StatusBadRequest {
			return refused
		}
		sess, err := s.readSession(ctx, c)
		if err != nil {
			return err
		}
		updated, err := s.db.UpdateStripeCheckout(ctx, c.SessionID, "", "", func(row *store.StripeCheckout) error {
			merge(row, observeSession(sess))
			return nil
		})
		if err != nil {
			return err
		}
		if updated.Settled() {
			return alreadyPaid(updated)
		}
		if sess.Status == stripego.CheckoutSessionStatusOpen {
			return apierr.Unavailable("StripeUnavailable",
				"Stripe would not expire the earlier checkout session "+c.SessionID+"; please try again.", refused)
		}
	}
	return s.db.CloseStripeSession(ctx, c.ID)
}

// readSession fetches c's session from Stripe.
func (s *service) readSession(ctx context.Context, c store.StripeCheckout) (*stripego.CheckoutSession, error) {
	ctx, cancel := context.WithTimeout(ctx, s.attemptTimeout)
	defer cancel()
	p := &stripego.CheckoutSessionParams{Params: stripego.Params{Context: ctx}}
	stripe.WithAccount(&p.Params, c.StripeAccount)
	sess, err := s.stripe.API().CheckoutSessions.Get(c.SessionID, p)
	if err != nil {
		return nil, stripeError(err, "read the checkout session "+c.SessionID)
	}
	return sess, nil
}

// stripeSettings returns company's settings if they enable Stripe Checkout
// 1.0, and otherwise says what is missing.
func (s *service) stripeSettings(ctx context.Context, company uuid.UUID) (store.PaymentSettings, error) {
	set, err := s.db.PaymentSettings(ctx, company)
	var why string
	switch {
	case errors.Is(err, store.ErrNotFound):
		why = "has no payment settings"
	case err != nil:
		return store.PaymentSettings{}, err
	case set.Provider != store.ProviderStripeCheckoutV1:
		why = fmt.Sprintf("has payment provider %d in its payment settings", set.Provider)
	case !set.Enabled:
		why = "has payments disabled in its payment settings"
	default:
		return set, nil
	}
	return store.PaymentSettings{}, apierr.Invalid("CompanyId", "PaymentSettingsMissing",
		fmt.Sprintf("Stripe checkout requires settings for Stripe Checkout 1.0: company %s %s.", company, why))
}

// checkURLs applies the rules Stripe sets per UI mode, and refuses URLs
// Stripe could not send a customer to.
func checkURLs(req *dto.StripeV1CreateCheckout, uiMode string) error {
	var fields []apierr.FieldError
	if req.ConfirmationUrl != "" && !absoluteHTTPURL(req.ConfirmationUrl) {
		fields = append(fields, apierr.FieldError{Code: "RegularExpression", Field: "ConfirmationUrl",
			Message: "'Confirmation Url' must be an absolute http or https URL."})
	}
	switch {
	case req.CancelUrl != "" && uiMode == uiEmbedded:
		fields = append(fields, apierr.FieldError{Code: "NotAllowed", Field: "CancelUrl",
			Message: "'Cancel Url' is not allowed when UiMode is embedded."})
	case req.CancelUrl != "" && !absoluteHTTPURL(req.CancelUrl):
		fields = append(fields, apierr.FieldError{Code: "RegularExpression", Field: "CancelUrl",
			Message: "'Cancel Url' must be an absolute http or https URL."})
	}
	if len(fields) > 0 {
		return apierr.Validation(fields...)
	}
	return nil
}

func alreadyPaid(c store.StripeCheckout) *apierr.Error {
	msg := fmt.Sprintf("InternalReferenceId '%s' is already paid (checkout session %s).", c.InternalReferenceID, c.SessionID)
	if c.PaymentStatus == store.PaymentUnpaid {
		msg = fmt.Sprintf("A payment for InternalReferenceId '%s' is being processed (checkout session %s).", c.InternalReferenceID, c.SessionID)
	}
	return &apierr.Error{Status: http.StatusConflict, Code: "AlreadyPaid", Message: msg,
		Fields: []apierr.FieldError{{Code: "AlreadyPaid", Field: "InternalReferenceId", Message: msg}}}
}

// createdSession is what a create reads of the session Stripe answers.
type createdSession struct {
	stripego.APIResource
	ID            string                         `json:"id"`
	Status        stripego.CheckoutSessionStatus `json:"status"`
	URL           string                         `json:"url"`
	ClientSecret  string                         `json:"client_secret"`
	Customer      *stripe.Ref                    `json:"customer"`
	PaymentIntent *stripe.Ref                    `json:"payment_intent"` // expanded: its client secret is answered
}

// checkoutResponse answers with the session: the URL for hosted Checkout,
// the client secret for embedded Checkout.
func checkoutResponse(row store.StripeCheckout, sess *createdSession) *dto.StripeCheckoutQueryResponse {
	resp := &dto.StripeCheckoutQueryResponse{
		SessionId:     sess.ID,
		Status:        string(sess.Status),
		StripeAccount: row.StripeAccount,
	}
	if row.UIMode == uiEmbedded {
		resp.ClientSecret = sess.ClientSecret
	} else {
		resp.Url = sess.URL
	}
	if sess.Customer != nil {
		resp.CustomerId = sess.Customer.ID
	}
	if pi := sess.PaymentIntent; pi != nil {
		resp.PaymentIntentId = pi.ID
		resp.PaymentIntentClientSecret = pi.ClientSecret
	}
	return resp
}

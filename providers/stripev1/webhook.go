package stripev1

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/stripe"
	"paygate/store"
)

// createWebhook registers a webhook endpoint at Stripe for a company and
// keeps its signing secret, which Stripe shows only in this answer. The
// endpoint speaks our API version, so its events decode as stripe-go
// expects. Without Connect, a company with a connected account gets the
// endpoint on that account, where its checkouts' events happen.
func (s *service) createWebhook(ctx context.Context, req *dto.CreateStripeWebhook) (*dto.StripeWebhookResponse, error) {
	company, err := companyFor(ctx, req.CompanyId)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.Company(ctx, company); errors.Is(err, store.ErrNotFound) {
		return nil, apierr.NotFound(fmt.Sprintf("Company %s does not exist.", company))
	} else if err != nil {
		return nil, err
	}
	var account string
	switch set, err := s.db.PaymentSettings(ctx, company); {
	case err == nil && !req.Connect:
		account = set.StripeAccount
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	events := req.Events
	if len(events) == 0 {
		events = handledEvents
	}
	for i, e := range events {
		if e == "" {
			return nil, apierr.Invalid(fmt.Sprintf("Events[%d]", i), "NotEmpty", "'Events' must not hold empty event types.")
		}
	}
	endpoint := req.Url
	if endpoint == "" {
		endpoint = s.callbackURL + "?CompanyId=" + url.QueryEscape(company.String())
	} else if !absoluteHTTPURL(endpoint) {
		return nil, apierr.Invalid("Url", "RegularExpression", "'Url' must be an absolute http or https URL.")
	}

	hook, err := s.db.BeginStripeWebhook(ctx, store.StripeWebhook{
		CompanyID: company, URL: endpoint, Events: events, Connect: req.Connect, StripeAccount: account,
	})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	ep, err := s.registerEndpoint(ctx, hook)
	if err != nil {
		if ferr := s.db.FailStripeWebhook(context.WithoutCancel(ctx), hook.ID, err.Error()); ferr != nil {
			return nil, errors.Join(err, ferr)
		}
		return nil, err
	}
	return &dto.StripeWebhookResponse{Id: ep.ID, Events: ep.EnabledEvents, Url: ep.URL}, nil
}

// registerEndpoint creates hook's endpoint at Stripe and activates hook.
func (s *service) registerEndpoint(ctx context.Context, hook store.StripeWebhook) (*stripego.WebhookEndpoint, error) {
	p := &stripego.WebhookEndpointParams{
		Params:        stripego.Params{Context: ctx},
		URL:           stripego.String(hook.URL),
		EnabledEvents: stripego.StringSlice(hook.Events),
		APIVersion:    stripego.String(stripego.APIVersion),
		Description:   stripego.String("paygate: Stripe Checkout 1.0 of company " + hook.CompanyID.String()),
	}
	if hook.Connect {
		p.Connect = stripego.Bool(true)
	}
	p.AddMetadata("CompanyId", hook.CompanyID.String())
	p.SetIdempotencyKey(stripe.IdempotencyKey("stripev1-webhook", hook.PublicID.String()))
	stripe.WithAccount(&p.Params, hook.StripeAccount)
	ep, err := s.stripe.API().WebhookEndpoints.New(p)
	if err != nil {
		return nil, stripeError(err, "create the webhook endpoint")
	}
	if ep.Secret == "" {
		return nil, apierr.Unavailable("StripeUnavailable", "Stripe created webhook endpoint "+ep.ID+
			" without a signing secret; events to it could not be verified.", nil)
	}
	if err := s.db.ActivateStripeWebhook(ctx, hook.ID, ep.ID, ep.Secret); err != nil {
		return nil, err
	}
	return ep, nil
}

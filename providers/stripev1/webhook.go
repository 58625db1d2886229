package stripev1

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"

	"paygate/apierr"
	"paygate/auth"
	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/providers/stripe"
	"paygate/store"
)

// createWebhook registers a webhook endpoint at Stripe for a company and
// keeps its signing secret, which Stripe shows only in this answer. The
// endpoint speaks our API version, so its events decode as stripe-go
// expects. Without Connect, a company with a connected account gets the
// endpoint on that account, where its checkouts' events happen.
func (s *service) createWebhook(ctx context.Context, req *dto.CreateStripeWebhook) (*dto.StripeWebhookResponse, error) {
	company, err := bokamera.AdminCompany(ctx, req.CompanyId)
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
	endpoint, err := s.webhookURL(ctx, company, req)
	if err != nil {
		return nil, err
	}

	public := uuid.New()
	if err := s.db.BeginAttempt(ctx, WebhookAttemptKind, public.String(), nil, s.now()); err != nil {
		return nil, err
	}
	hook, err := s.db.BeginStripeWebhook(ctx, store.StripeWebhook{
		PublicID: public, CompanyID: company, URL: endpoint, Events: events, Connect: req.Connect, StripeAccount: account,
	})
	if err != nil {
		s.endWebhookAttempt(ctx, public)
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.attemptTimeout)
	defer cancel()
	ep, err := s.registerEndpoint(ctx, hook)
	if err != nil {
		if !apierr.Settled(err) {
			// Stripe may have made the endpoint: its secret is shown
			// only to a create, which the recoverer repeats under the
			// same key.
			return nil, err
		}
		if ferr := s.db.FailStripeWebhook(context.WithoutCancel(ctx), hook.ID, err.Error()); ferr != nil {
			return nil, errors.Join(err, ferr)
		}
		s.endWebhookAttempt(ctx, public)
		return nil, err
	}
	s.endWebhookAttempt(ctx, public)
	return &dto.StripeWebhookResponse{Id: ep.ID, Events: ep.EnabledEvents, Url: ep.URL}, nil
}

// webhookURL is where the endpoint req asks for delivers. A Connect endpoint
// receives the events of every connected account, so of every tenant, and a
// caller-chosen URL would send a tenant's customers' data anywhere: both are
// for superadmin. A company administrator gets paygate's own ipncallback for
// its own company, and may name only that.
func (s *service) webhookURL(ctx context.Context, company uuid.UUID, req *dto.CreateStripeWebhook) (string, error) {
	own := s.callbackURL + "?CompanyId=" + url.QueryEscape(company.String())
	super := auth.FromContext(ctx).IsSuperAdmin()
	if req.Connect && !super {
		return "", apierr.Forbidden("Only superadmin may register a Connect endpoint: it receives the events of every connected account.")
	}
	switch {
	case req.Url == "":
		return own, nil
	case !absoluteHTTPURL(req.Url):
		return "", apierr.Invalid("Url", "RegularExpression", "'Url' must be an absolute http or https URL.")
	case !super && !s.isOwnCallback(req.Url, company):
		return "", apierr.Invalid("Url", "Equal", "'Url' must be empty or "+own+": a company's events go only to paygate.")
	}
	return req.Url, nil
}

// isOwnCallback reports whether u is paygate's ipncallback for company,
// however the client spelled the id.
func (s *service) isOwnCallback(u string, company uuid.UUID) bool {
	base, query, _ := strings.Cut(u, "?")
	if base != s.callbackURL {
		return false
	}
	q, err := url.ParseQuery(query)
	if err != nil || len(q) != 1 || len(q["CompanyId"]) != 1 {
		return false
	}
	id, err := uuid.Parse(q.Get("CompanyId"))
	return err == nil && id == company
}

// registerEndpoint creates hook's endpoint at Stripe and activates hook.
// An endpoint Stripe created but paygate cannot use is deleted again, so
// that nothing keeps receiving events no one verifies.
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
		err = apierr.Unavailable("StripeUnavailable", "Stripe created webhook endpoint "+ep.ID+
			" without a signing secret; events to it could not be verified.", nil)
	} else {
		err = s.db.ActivateStripeWebhook(ctx, hook.ID, ep.ID, ep.Secret)
	}
	if err != nil {
		return nil, errors.Join(err, s.deleteEndpoint(ctx, hook, ep.ID))
	}
	return ep, nil
}

// deleteEndpoint removes endpoint id of hook at Stripe.
func (s *service) deleteEndpoint(ctx context.Context, hook store.StripeWebhook, id string) error {
	p := &stripego.WebhookEndpointParams{Params: stripego.Params{Context: ctx}}
	stripe.WithAccount(&p.Params, hook.StripeAccount)
	if _, err := s.stripe.API().WebhookEndpoints.Del(id, p); err != nil {
		s.log.ErrorContext(ctx, "webhook endpoint left at Stripe", "endpoint", id, "company", hook.CompanyID.String(), "error", err)
		return fmt.Errorf("delete webhook endpoint %s: %w", id, err)
	}
	return nil
}

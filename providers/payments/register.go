package payments

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"paygate/dto"
	"paygate/formats"
	"paygate/providers/stripe"
	"paygate/server"
)

// Scopes a caller's credentials must grant.
const (
	ScopeWrite = "payments:write" // POST /v1/checkout
	ScopeRead  = "payments:read"  // GET /v1/payments/{id}
)

// Deps is what the surface needs.
type Deps struct {
	DB     Store
	Stripe *stripe.Client
	// WebhookSecret is the signing secret (whsec_…) of the Stripe endpoint
	// that posts to /v1/webhooks/stripe; without it every delivery is
	// refused with 503, so Stripe retries once it is configured.
	WebhookSecret string
	// BasePath is the server's mount prefix (as server.Config takes it),
	// for Location headers.
	BasePath string
	// Now is the clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
	// AttemptTimeout bounds a create's Stripe calls; zero means
	// DefaultAttemptTimeout.
	AttemptTimeout time.Duration
}

// DefaultAttemptTimeout bounds Stripe calls when Deps names no bound.
const DefaultAttemptTimeout = 25 * time.Second

type service struct {
	Deps
	plans     formats.Plans // the strict binder's view of the DTOs
	val       *server.Validator
	customers customerStore
}

// customerStore is the store's record of which Stripe customer is whose.
type customerStore interface {
	StripeCustomerOf(ctx context.Context, tenant, customerID string) (string, error)
	StripeCustomerOwner(ctx context.Context, stripeID string) (tenant, customerID string, err error)
	SaveStripeCustomer(ctx context.Context, tenant, customerID, stripeID string, now time.Time) (string, error)
}

func newService(d Deps) *service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.AttemptTimeout <= 0 {
		d.AttemptTimeout = DefaultAttemptTimeout
	}
	d.BasePath = server.CleanBasePath(d.BasePath)
	return &service{Deps: d, customers: d.DB, val: server.NewValidator()}
}

// Register adds CreateCheckout, GetPayment and StripePaymentsWebhook to reg.
func Register(reg *server.Registry, d Deps) {
	s := newService(d)
	tags := []string{"payments"}
	server.Register(reg, server.Op[dto.CreateCheckout, dto.Payment]{
		Routes:  []server.Route{{Path: "/v1/checkout", Verbs: "POST"}},
		Auth:    server.Requirement{Authenticated: true, Scopes: []string{ScopeWrite}},
		Summary: "Create a payment: a Stripe PaymentIntent, or a Subscription for a plan",
		Notes: "201 with the payment and Location: /v1/payments/{id}. An Idempotency-Key header (1-255 printable " +
			"characters, kept 24 h per caller) replays the first response for the same body (Idempotent-Replayed: true), " +
			"answers 422 for another body and 409 while the first request runs.",
		Tags:          tags,
		Success:       server.Success{Status: http.StatusCreated, Description: "Payment created"},
		Dialect:       plain{},
		Bind:          s.bindCheckout,
		BindValidates: true,
		Handler:       s.createCheckout,
	})
	server.Register(reg, server.Op[dto.GetPayment, dto.Payment]{
		Routes:        []server.Route{{Path: "/v1/payments/{id}", Verbs: "GET"}},
		Auth:          server.Requirement{Authenticated: true, Scopes: []string{ScopeRead}},
		Summary:       "Read a payment of the caller's tenant",
		Tags:          tags,
		Dialect:       plain{},
		Bind:          s.bindPaymentID,
		BindValidates: true,
		Handler:       s.getPayment,
	})
	server.Register(reg, server.Op[dto.StripePaymentsWebhook, dto.StripeWebhookResult]{
		Routes:  []server.Route{{Path: "/v1/webhooks/stripe", Verbs: "POST"}},
		Summary: "Stripe events for payments: verified by signature, applied once",
		Notes:   "401 for a bad signature, 409 for an event received before.",
		Tags:    tags,
		Dialect: plain{},
		Bind:    func(*server.Exchange, *dto.StripePaymentsWebhook) error { return nil },
		Handler: s.stripeWebhook,
	})
}

// Package stripev1 serves BokaMera's Stripe Checkout 1.0 surface: creating
// Checkout Sessions for payable entities priced from the company's catalog,
// their status, Stripe's webhooks, webhook registration and the companies'
// payment settings.
//
// A checkout is a row before it is a session: the row's id derives the
// idempotency key, a partial unique index keeps one payable checkout per
// entity, and the Stripe call runs outside any transaction (see create.go).
package stripev1

import (
	"context"
	"log/slog"
	"time"

	"paygate/dto"
	"paygate/providers/bokamera"
	"paygate/providers/stripe"
	"paygate/server"
	"paygate/store"
)

// Deps is what the surface needs.
type Deps struct {
	DB     Store
	Stripe *stripe.Client
	// PublicURL and BasePath make the URL Stripe delivers webhooks to when
	// CreateStripeWebhook names none.
	PublicURL string
	BasePath  string
	Logger    *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// WebhookTolerance is how old a webhook signature may be; zero means
	// Stripe's 300 s.
	WebhookTolerance time.Duration
	// AttemptTimeout bounds a create once its row exists. The attempt no longer
	// follows the caller's context: a caller hanging up must not leave a row
	// half-way between creating and open.
	// Zero means DefaultAttemptTimeout.
	AttemptTimeout time.Duration
}

// DefaultAttemptTimeout bounds a Stripe create attempt when Deps names none.
const DefaultAttemptTimeout = 25 * time.Second

// service holds the handlers' dependencies.
type service struct {
	db          Store
	stripe      *stripe.Client
	log         *slog.Logger
	now         func() time.Time
	callbackURL string // the ipncallback route, absolute
	tolerance   time.Duration
	// attemptTimeout bounds a Stripe call once our row for it exists.
	attemptTimeout time.Duration
}

func newService(d Deps) *service {
	s := &service{db: d.DB, stripe: d.Stripe, log: d.Logger, now: d.Now, tolerance: d.WebhookTolerance, attemptTimeout: d.AttemptTimeout}
	if s.attemptTimeout <= 0 {
		s.attemptTimeout = DefaultAttemptTimeout
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.callbackURL = server.RouteURL(d.PublicURL, d.BasePath, ipnPath)
	return s
}

// Settler settles this surface's attempts left in flight, of AttemptKind
// or WebhookAttemptKind.
type Settler struct{ s *service }

// NewSettler returns the recoverer's settler of this surface's kinds.
func NewSettler(d Deps) Settler { return Settler{newService(d)} }

// Settle settles attempt a by its kind.
func (t Settler) Settle(ctx context.Context, a store.Attempt) error {
	if a.Kind == WebhookAttemptKind {
		return t.s.settleWebhook(ctx, a)
	}
	return t.s.settleCheckout(ctx, a)
}

// ipnPath is where Stripe delivers events.
const ipnPath = "/payment/stripe/v1/ipncallback"

// Register adds the surface's operations to reg.
func Register(reg *server.Registry, d Deps) {
	s := newService(d)

	tags := []string{"Payment", "Stripe"}
	server.Register(reg, server.Op[dto.StripeV1CreateCheckout, dto.StripeCheckoutQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/stripe/v1/checkout", Verbs: "POST"}},
		Summary: "Create Stripe checkout (requires settings for Stripe Checkout 1.0)",
		Notes:   "Create an checkout for Payable entity. Note if existing checkouts already exists, it will invalidate those.",
		Tags:    tags,
		Handler: s.createCheckout,
	})
	server.Register(reg, server.Op[dto.GetStripeCheckoutV1CheckoutStatus, dto.StripeCheckoutStatusQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/stripe/v1/checkout/status", Verbs: "POST"}},
		Summary: "Get the status of a Stripe checkout session",
		Tags:    tags,
		Handler: s.checkoutStatus,
	})
	server.Register(reg, server.Op[dto.StripeCheckoutIpnCallBackRequest, dto.IpnCallBackResponse]{
		Routes:  []server.Route{{Path: ipnPath, Verbs: "POST"}},
		Summary: "Stripe webhook receiver",
		Notes:   "Stripe posts signed events here; the raw body is verified against the signing secret of a webhook registered with CreateStripeWebhook.",
		Tags:    tags,
		Bind:    bindIPN,
		Handler: s.ipnCallback,
	})
	server.Register(reg, server.Op[dto.CreateStripeWebhook, dto.StripeWebhookResponse]{
		Routes: []server.Route{{Path: "/payment/stripe/v1/webhook", Verbs: "POST"}},
		// BokaMera lets the read role in too; creating at a provider
		// takes the write role here.
		Auth:    bokamera.WriteAccess(),
		Summary: "Register paygate's webhook endpoint at Stripe",
		Notes:   "A company administrator registers paygate's own ipncallback for the company (Url empty or exactly that); another Url, and Connect endpoints, need superadmin.",
		Tags:    tags,
		Handler: s.createWebhook,
	})
	registerSettings(reg, s)
}

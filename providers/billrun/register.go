// Package billrun serves BillRun's StripeCheckout payment gateway, so that
// BillRun integrations save customers' cards through paygate unchanged:
// /paymentgateways/getRequest opens a setup-mode Stripe Checkout Session
// for an account, and /paymentgateways/okPage confirms with Stripe, server
// to server, that the card was saved, and keeps it as the account's active
// payment method.
//
// Requests are authenticated as BillRun does, by an HMAC-SHA512 _sig_ over
// PHP's json_encode of the data, or by a Bearer credential; answers and
// failures have BillRun's {status, desc, details} shape.
package billrun

import (
	"log/slog"
	"time"

	"paygate/dto"
	"paygate/providers/stripe"
	"paygate/server"
)

// Deps is what the gateway needs.
type Deps struct {
	DB     Store
	Stripe *stripe.Client
	// SharedSecret keys the _sig_ HMAC; empty admits Bearer credentials
	// only.
	SharedSecret string
	// PublicURL and BasePath locate our own okPage, where Stripe sends the
	// customer back when the caller asked for no iframe.
	PublicURL string
	BasePath  string
	// ReturnURL is the tenant return URL when getRequest names none.
	ReturnURL string
	Logger    *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SignatureMaxAge is how long a signed getRequest is valid after its
	// _t_ (a minute of clock skew either way on top); zero means
	// DefaultSignatureMaxAge.
	SignatureMaxAge time.Duration
	// AttemptTimeout bounds getRequest's and okPage's Stripe calls; zero
	// means DefaultAttemptTimeout.
	AttemptTimeout time.Duration
}

// DefaultSignatureMaxAge is the validity of a signed getRequest when Deps
// names none.
const DefaultSignatureMaxAge = 5 * time.Minute

// DefaultAttemptTimeout bounds Stripe calls when Deps names no bound.
const DefaultAttemptTimeout = 25 * time.Second

// gateway holds the handlers' dependencies.
type gateway struct {
	db        Store
	stripe    *stripe.Client
	secret    string
	okPageURL string
	returnURL string
	log       *slog.Logger
	now       func() time.Time
	maxAge    time.Duration
	// attemptTimeout bounds the Stripe calls of one request.
	attemptTimeout time.Duration
}

const (
	getRequestPath = "/paymentgateways/getRequest"
	okPagePath     = "/paymentgateways/okPage"
)

func newGateway(d Deps) *gateway {
	g := &gateway{
		db:             d.DB,
		stripe:         d.Stripe,
		secret:         d.SharedSecret,
		okPageURL:      server.RouteURL(d.PublicURL, d.BasePath, okPagePath),
		returnURL:      d.ReturnURL,
		log:            d.Logger,
		now:            d.Now,
		maxAge:         d.SignatureMaxAge,
		attemptTimeout: d.AttemptTimeout,
	}
	if g.maxAge <= 0 {
		g.maxAge = DefaultSignatureMaxAge
	}
	if g.log == nil {
		g.log = slog.Default()
	}
	if g.now == nil {
		g.now = time.Now
	}
	if g.attemptTimeout <= 0 {
		g.attemptTimeout = DefaultAttemptTimeout
	}
	return g
}

// Register adds getRequest and okPage to reg.
func Register(reg *server.Registry, d Deps) {
	g := newGateway(d)
	server.Register(reg, server.Op[dto.BillRunGetRequest, dto.BillRunGetRequestResponse]{
		Routes:  []server.Route{{Path: getRequestPath, Verbs: "GET,POST"}},
		Summary: "Get a Stripe Checkout URL that saves a BillRun account's card",
		Notes: "BillRun's StripeCheckout gateway. The parameters are JSON in data (query string or form), " +
			"signed with _sig_ or sent with a Bearer credential. With iframe the answer carries the URL; " +
			"without it the caller is redirected to Stripe.",
		Tags:    []string{"BillRun"},
		Dialect: Dialect{},
		Bind:    bindGetRequest,
		Handler: g.getRequest,
	})
	server.Register(reg, server.Op[dto.BillRunOkPage, dto.BillRunOkPageResponse]{
		Routes:  []server.Route{{Path: okPagePath, Verbs: "GET,POST"}},
		Summary: "Confirm with Stripe that a transaction saved a card, and keep it for the account",
		Notes: "Takes name and txId (and redirect) as parameters or as JSON in data. " +
			"redirect=0 answers JSON; otherwise the caller is redirected to the tenant return URL. Repeats give the same answer.",
		Tags:    []string{"BillRun"},
		Dialect: Dialect{},
		Bind:    bindOkPage,
		Handler: g.okPage,
	})
}

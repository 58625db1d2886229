// Package paysonv2 serves BokaMera's Payson Checkout 2.0 operations: create
// and read a checkout, send the payment request of a paid one (ship it),
// take Payson's notifications, and keep each company's Payson credentials.
//
// Payson is the source of truth for a checkout's status. paygate reads it
// back before acting on it and after every notification, and stores what it
// read only if it lies further along Payson's status machine than what is
// stored already, so duplicates and out-of-order notifications change
// nothing. Payson has no idempotency key; a row written before Payson is
// called (its reference travels as merchant.reference) makes sure one
// payable entity has one open checkout at a time.
//
// TestMode on a create selects Payson's test environment (Deps.TestAPIBase)
// for that checkout and everything done with it later; the company's stored
// credentials are used in both environments.
package paysonv2

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"paygate/dto"
	"paygate/internal/outbound"
	"paygate/providers/bokamera"
	"paygate/providers/payson"
	"paygate/server"
)

// Deps is what the operations need.
type Deps struct {
	DB Store
	// APIBase is Payson's API for ordinary checkouts; empty means
	// payson.ProductionBaseURL.
	APIBase string
	// TestAPIBase is Payson's API for checkouts created with TestMode;
	// empty means payson.TestBaseURL.
	TestAPIBase string
	// PublicURL is paygate's address as Payson and browsers see it, and
	// BasePath the mount prefix of its routes: notifications are sent to
	// PublicURL + BasePath + /payment/payson/v2/ipncallback.
	PublicURL string
	BasePath  string
	// TermsURL is the merchant terms page Payson's checkout links to;
	// empty means PublicURL.
	TermsURL string
	// HTTPClient calls Payson; nil means a client with a 30 second timeout
	// that keeps a connection per concurrent call (outbound.Transport).
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// AttemptTimeout bounds one operation's calls to Payson; zero means
	// DefaultAttemptTimeout.
	AttemptTimeout time.Duration
}

// DefaultAttemptTimeout bounds Payson calls when Deps names no bound.
const DefaultAttemptTimeout = 25 * time.Second

// ipnPath is the route of Payson's notifications.
const ipnPath = "/payment/payson/v2/ipncallback"

// service holds the operations' dependencies.
type service struct {
	db          Store
	apiBase     string
	testAPIBase string
	ipnURL      string
	publicURL   string
	termsURL    string
	http        *http.Client
	log         *slog.Logger
	now         func() time.Time
	// attemptTimeout bounds the Payson calls of one operation.
	attemptTimeout time.Duration
}

func newService(d Deps) *service {
	s := &service{
		db:          d.DB,
		apiBase:     d.APIBase,
		testAPIBase: d.TestAPIBase,
		publicURL:   strings.TrimRight(d.PublicURL, "/"),
		termsURL:    d.TermsURL,
		http:        d.HTTPClient,
		log:         d.Logger,
		now:         d.Now,

		attemptTimeout: d.AttemptTimeout,
	}
	if s.attemptTimeout <= 0 {
		s.attemptTimeout = DefaultAttemptTimeout
	}
	if s.apiBase == "" {
		s.apiBase = payson.ProductionBaseURL
	}
	if s.testAPIBase == "" {
		s.testAPIBase = payson.TestBaseURL
	}
	s.ipnURL = server.RouteURL(d.PublicURL, d.BasePath, ipnPath)
	if s.termsURL == "" {
		s.termsURL = s.publicURL + "/"
	}
	if s.http == nil {
		s.http = &http.Client{Timeout: 30 * time.Second, Transport: outbound.Transport()}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Register adds the Payson Checkout 2.0 operations to reg.
func Register(reg *server.Registry, d Deps) {
	s := newService(d)
	server.Register(reg, server.Op[dto.PaysonV2CreateCheckout, dto.PaysonCheckoutV2Response]{
		Routes:  []server.Route{{Path: "/payment/payson/v2/checkout", Verbs: "POST"}},
		Summary: "Create a Payson Checkout 2.0 checkout",
		Notes:   "Requires Payson API settings for the company. Earlier checkouts of the same InternalReferenceId are canceled at Payson and invalidated; an entity that is already paid gets no new checkout.",
		Tags:    []string{"Payson"},
		Handler: s.create,
	})
	server.Register(reg, server.Op[dto.PaysonCheckoutv2GetCheckout, dto.PaysonCheckoutV2Response]{
		Routes:  []server.Route{{Path: "/payment/payson/v2/checkout/{Id}", Verbs: "GET"}},
		Summary: "Get a Payson Checkout 2.0 checkout",
		Tags:    []string{"Payson"},
		Handler: s.get,
	})
	server.Register(reg, server.Op[dto.SendCheckoutPaymentRequest, dto.PaysonCheckoutV2Response]{
		Routes: []server.Route{{Path: "/payment/payson/v2/checkout/{Id}/sendpaymentrequest", Verbs: "PUT"}},
		Auth:   bokamera.WriteAccess(),
		Summary: "If checkout has is awaiting admin to send payment request, this method is sending the payment reqeust " +
			"(example when you want to send the payment request manually).",
		Notes:   "The checkout must have status ReadyToShip (5); any other status is refused with 409 Conflict naming it.",
		Tags:    []string{"Payson"},
		Handler: s.sendPaymentRequest,
	})
	server.Register(reg, server.Op[dto.PaysonCheckout2IPNCallBack, dto.IpnCallBackResponse]{
		Routes:  []server.Route{{Path: ipnPath, Verbs: "POST"}},
		Summary: "Payson Checkout 2.0 notification",
		Notes:   "Payson calls this with ?checkout=<id>; the checkout is read back from Payson, never taken from the request.",
		Tags:    []string{"Payson"},
		Handler: s.notification,
	})
	server.Register(reg, server.Op[dto.PaysonApiSettingsQuery, dto.PaysonApiSettingsQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/payson/apisettings", Verbs: "GET"}},
		Auth:    bokamera.ReadAccess(),
		Summary: "Get the company's Payson API settings",
		Tags:    []string{"Payson"},
		Handler: s.getSettings,
	})
	server.Register(reg, server.Op[dto.AddPaysonApiSettings, dto.PaysonApiSettingsQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/payson/apisettings", Verbs: "POST"}},
		Auth:    bokamera.WriteAccess(),
		Summary: "Add or replace the company's Payson API settings",
		Tags:    []string{"Payson"},
		Handler: s.addSettings,
	})
}

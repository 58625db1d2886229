package sandbox

import (
	"context"
	"math"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// Sandbox is an in-memory Payson Checkout 2.0 API. It is an http.Handler;
// Checkouts returns every checkout of agent, newest first, as Payson holds
// them now: what tests compare paygate's rows with.
func (s *Sandbox) Checkouts(agent string) []payson.Checkout {
	list, _ := s.list(agent, 1, math.MaxInt32)
	return list
}

// Close stops its background notifications.
type Sandbox struct {
	opts     Options
	accounts map[string]Account // by agent id; fixed after New
	mux      *http.ServeMux
	calls    *http.Client // to the merchant: notifications and validation
	notify   *notifier

	mu          sync.Mutex
	checkouts   map[uuid.UUID]*record
	purchaseSeq int64
	seq         int64
}

// record is a stored checkout and the agent that owns it.
type record struct {
	seq   int64 // creation order, for the listing
	owner string
	co    payson.Checkout
}

// New returns a sandbox with the demo account and opts.Accounts.
func New(opts Options) *Sandbox {
	opts = opts.withDefaults()
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	// Payson wants a 200 from the merchant; a redirect is not one, so it
	// is never followed.
	calls := *opts.HTTPClient
	calls.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	s := &Sandbox{
		opts: opts,
		accounts: map[string]Account{DemoAgentID: {
			AgentID: DemoAgentID, APIKey: DemoAPIKey, Email: "demo@example.com", MerchantID: 4,
		}},
		mux:         http.NewServeMux(),
		calls:       &calls,
		notify:      newNotifier(opts, &calls),
		checkouts:   make(map[uuid.UUID]*record),
		purchaseSeq: 3000000,
	}
	for _, a := range opts.Accounts {
		// An empty key would let an empty password in.
		if a.AgentID != "" && a.APIKey != "" {
			s.accounts[a.AgentID] = a
		}
	}
	s.routes()
	return s
}

func (s *Sandbox) routes() {
	s.mux.HandleFunc("POST /2.0/Checkouts", s.authed(s.createCheckout))
	s.mux.HandleFunc("GET /2.0/Checkouts", s.authed(s.listCheckouts))
	s.mux.HandleFunc("GET /2.0/Checkouts/{id}", s.authed(s.getCheckout))
	s.mux.HandleFunc("PUT /2.0/Checkouts/{id}", s.authed(s.updateCheckout))
	s.mux.HandleFunc("GET /2.0/Accounts", s.authed(s.getAccount))

	s.mux.HandleFunc("POST /sandbox/checkouts/{id}/{action}", s.controlAction)
	s.mux.HandleFunc("GET /sandbox/checkouts/{id}/notifications", s.controlNotifications)

	s.mux.HandleFunc("GET /checkout", s.pageRedirect)
	s.mux.HandleFunc("GET /checkout/{id}", s.page)
	s.mux.HandleFunc("POST /checkout/{id}", s.pageAction)
	s.mux.HandleFunc("GET /checkout/payson.js", s.script)
}

// ServeHTTP serves the API, the control API and the checkout page.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Close stops delivering notifications and waits for the deliveries under
// way to return. The API keeps answering; changes after Close notify no one.
func (s *Sandbox) Close() error {
	s.notify.close()
	return nil
}

// Notifications returns the notification attempts made for checkout id (all
// checkouts for uuid.Nil), oldest first.
func (s *Sandbox) Notifications(id uuid.UUID) []NotificationAttempt {
	return s.notify.attempts(id)
}

// WaitIdle blocks until no notification is being delivered or waiting for a
// retry, or ctx ends. Tests call it instead of sleeping.
func (s *Sandbox) WaitIdle(ctx context.Context) error {
	return s.notify.wait(ctx)
}

// baseURL is the sandbox's address as the client of r sees it.
func (s *Sandbox) baseURL(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

package sandbox

import (
	"log/slog"
	"net/http"
	"time"
)

// The demo account is always present, with the agent id and API key Payson
// publishes for its own test environment, so a client configured for
// Payson's test host works against the sandbox unchanged.
const (
	DemoAgentID = "4"
	DemoAPIKey  = "2acab30d-fe50-426f-90d7-8c60a7eb31d4"
)

// Account is a merchant the sandbox accepts credentials for.
type Account struct {
	AgentID    string
	APIKey     string
	Email      string // shown by GET /2.0/Accounts
	MerchantID int64
}

// Options configures a Sandbox. The zero value is usable.
type Options struct {
	// Accounts are accepted in addition to the demo account.
	Accounts []Account

	// PublicURL is the sandbox's base URL as browsers and clients see it,
	// used in snippets and Location headers. Empty means taking it from
	// each request's Host, which is right for httptest servers.
	PublicURL string

	// HTTPClient makes the calls to the merchant (notifications and
	// validation), with its redirect policy replaced: a redirect is never
	// followed, since Payson wants a 200.
	HTTPClient *http.Client

	// NotifyAttempts is how often a notification is tried before it is
	// given up (default 10). Payson itself keeps trying for 24 hours.
	NotifyAttempts int
	// NotifyBaseDelay is the wait before the first retry; each further
	// retry waits twice as long, up to NotifyMaxDelay (defaults 1s, 10m).
	NotifyBaseDelay time.Duration
	NotifyMaxDelay  time.Duration
	// CallTimeout bounds each call to the merchant (default 10s).
	CallTimeout time.Duration

	// Now is the sandbox's clock, for expiry and history (default
	// time.Now). Tests set it to move time without waiting.
	Now func() time.Time

	// Logger receives one line per notification attempt (default: none).
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	if o.NotifyAttempts <= 0 {
		o.NotifyAttempts = 10
	}
	if o.NotifyBaseDelay <= 0 {
		o.NotifyBaseDelay = time.Second
	}
	if o.NotifyMaxDelay <= 0 {
		o.NotifyMaxDelay = 10 * time.Minute
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 10 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

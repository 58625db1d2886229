package stripe

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/form"

	"paygate/internal/outbound"
)

// Config configures a Client.
type Config struct {
	// SecretKey is the platform's secret key (sk_live_…, sk_test_…). It is
	// sent as a bearer token and never logged.
	SecretKey string

	// APIBase replaces Stripe's base URL for the API, file upload and
	// Connect hosts alike, e.g. stripe-mock's http://127.0.0.1:12111. Empty
	// means Stripe's own hosts.
	APIBase string

	// HTTPClient carries the requests; nil means stripe-go's 80 s timeout
	// over a transport that keeps a connection per concurrent call
	// (outbound.Transport).
	HTTPClient *http.Client

	// MaxNetworkRetries bounds stripe-go's own retries of network errors,
	// 409, 429 and 5xx answers. Zero keeps stripe-go's default (2); a
	// negative value disables retries. Retries are safe because every create
	// carries an idempotency key.
	MaxNetworkRetries int

	// Logger receives stripe-go's own log lines (retries, failures) with
	// keys and client secrets masked; nil drops them. Classify's errors carry
	// everything a caller needs to log.
	Logger *slog.Logger
}

// httpTimeout is stripe-go's own default bound on one request.
const httpTimeout = 80 * time.Second

// Client is a Stripe API client bound to one Config. It is safe for
// concurrent use.
type Client struct {
	api      *client.API
	backends *stripego.Backends
	key      string
}

// New returns a client for cfg. It holds its own backends, so clients with
// different keys or base URLs live side by side in one process.
func New(cfg Config) *Client {
	if cfg.HTTPClient == nil {
		// One client for the three backends: they share the idle
		// connections when they share a host, as with stripe-mock.
		cfg.HTTPClient = &http.Client{Timeout: httpTimeout, Transport: outbound.Transport()}
	}
	hc := *cfg.HTTPClient
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = sizedBodies{next: next}
	cfg.HTTPClient = &hc
	backends := &stripego.Backends{
		API:     backend(stripego.APIBackend, cfg),
		Connect: backend(stripego.ConnectBackend, cfg),
		Uploads: backend(stripego.UploadsBackend, cfg),
	}
	return &Client{api: client.New(cfg.SecretKey, backends), backends: backends, key: cfg.SecretKey}
}

// API returns the stripe-go client: every resource (CheckoutSessions,
// Customers, …) hangs off it.
func (c *Client) API() *client.API { return c.api }

// Create sends params to a create endpoint (POST path) and decodes into v
// only the members v declares. stripe-go's own resources decode every
// member Stripe sends: a Checkout Session with its PaymentIntent expanded
// is hundreds of them, where a create reads a handful. The request is the
// one stripe-go's resource would send, idempotency key included: the same
// form encoding and headers, the same retries. It is sent through the
// backend's Do rather than Call, which decodes each answer twice (once
// for its telemetry wrapper, which has nothing to do with telemetry off).
func (c *Client) Create(path string, params stripego.ParamsContainer, v stripego.LastResponseSetter) error {
	b, ok := c.backends.API.(*stripego.BackendImplementation)
	if !ok {
		return c.backends.API.Call(http.MethodPost, path, c.key, params, v)
	}
	values := &form.Values{}
	form.AppendTo(values, params)
	req, err := b.NewRequest(http.MethodPost, path, c.key, "application/x-www-form-urlencoded", params.GetParams())
	if err != nil {
		return err
	}
	return b.Do(req, bytes.NewBufferString(values.Encode()), v)
}

// Created is a created object read for its id alone.
type Created struct {
	stripego.APIResource
	ID string `json:"id"`
}

// Ref is an expandable member read for its id, and for the client secret
// that PaymentIntents carry: Stripe sends the id alone, or the object when
// the request expanded it.
type Ref struct {
	ID           string `json:"id"`
	ClientSecret string `json:"client_secret"`
}

// UnmarshalJSON reads an id or an object.
func (r *Ref) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		r.ClientSecret = ""
		return json.Unmarshal(b, &r.ID)
	}
	type object Ref
	return json.Unmarshal(b, (*object)(r))
}

func backend(typ stripego.SupportedBackend, cfg Config) stripego.Backend {
	// GetBackendWithConfig fills in the config it is given, so each backend
	// gets a fresh one.
	bc := &stripego.BackendConfig{
		HTTPClient:    cfg.HTTPClient,
		LeveledLogger: newLogAdapter(cfg.Logger, cfg.SecretKey),
		// Telemetry reports each request's id and duration to Stripe in a
		// header of the next one: a JSON encoding per call, a header for
		// the provider to read, and nothing paygate or its operator uses
		// (paygate's own metrics time every call).
		EnableTelemetry: stripego.Bool(false),
	}
	switch {
	case cfg.MaxNetworkRetries < 0:
		bc.MaxNetworkRetries = stripego.Int64(0)
	case cfg.MaxNetworkRetries > 0:
		bc.MaxNetworkRetries = stripego.Int64(int64(cfg.MaxNetworkRetries))
	}
	if cfg.APIBase != "" {
		bc.URL = stripego.String(cfg.APIBase)
	}
	return stripego.GetBackendWithConfig(typ, bc)
}

package payments_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"paygate/auth"
	"paygate/internal/clocktest"
	"paygate/internal/faultproxy"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/providers/payments"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// One stripe-mock serves every test of the package.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

const (
	createPI       = "POST /v1/payment_intents"
	createSub      = "POST /v1/subscriptions"
	createCustomer = "POST /v1/customers"
	webhookSecret  = "whsec_test_payments"
)

// env is a paygate serving the payments surface over real HTTP, with a
// SQLite file and stripe-mock.
type env struct {
	URL    string
	DB     *store.DB
	Stripe *stripetest.Recorder
	Clock  *clocktest.Clock
	Deps   payments.Deps
	Faults *faultproxy.Proxy // in front of stripe-mock, with envOptions.faults
}

type envOptions struct {
	// engine is the store\'s engine: "sqlite" or "postgres".
	engine        string
	webhookSecret *string // nil: webhookSecret
	basePath      string
	faults        bool          // a fault proxy in front of stripe-mock
	attempt       time.Duration // the attempt bound
}

func newEnv(t *testing.T, opts ...envOptions) *env {
	t.Helper()
	var o envOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	db := storetest.OpenEngine(t, o.engine)
	log := &stripetest.Recorder{}
	cfg := stripetest.Start(t).Config()
	var faults *faultproxy.Proxy
	if o.faults {
		faults, cfg.APIBase = faultproxy.Start(t, cfg.APIBase, faultproxy.Options{Idempotent: true})
		cfg.MaxNetworkRetries = -1
	}
	cfg.HTTPClient = &http.Client{Transport: log, Timeout: 30 * time.Second}
	secret := webhookSecret
	if o.webhookSecret != nil {
		secret = *o.webhookSecret
	}
	clk := clocktest.New(time.Now().UTC())
	quiet := servertest.Quiet()
	reg := server.NewRegistry()
	deps := payments.Deps{
		DB: db, Stripe: stripe.New(cfg), WebhookSecret: secret, BasePath: o.basePath, Now: clk.Now, Logger: quiet,
		AttemptTimeout: o.attempt,
	}
	payments.Register(reg, deps)
	verifier, err := auth.NewJWTVerifier(auth.JWTConfig{Secret: jwtSecret})
	if err != nil {
		t.Fatal(err)
	}
	url := servertest.Start(t, server.Config{
		Authenticator: auth.NewAuthenticator(auth.Config{JWT: verifier, Logger: quiet}),
		Authorize:     bokamera.Authorize,
		Logger:        quiet,
		BasePath:      o.basePath,
	}, reg)
	return &env{URL: url, DB: db, Stripe: log, Clock: clk, Deps: deps, Faults: faults}
}

type reply = servertest.Reply

// do sends a request with the bearer token of tokens[token] ("" sends no
// credentials); a nil body sends none. Given headers replace the defaults;
// a name given twice is sent twice.
func (e *env) do(t *testing.T, method, path, token string, body []byte, header ...string) reply {
	t.Helper()
	var defaults []string
	if body != nil {
		defaults = append(defaults, "Content-Type", "application/json")
	}
	if token != "" {
		defaults = append(defaults, "Authorization", "Bearer "+bearer(t, token))
	}
	return servertest.Do(t, method, e.URL+path, body, servertest.Override(defaults, header...)...)
}

// calls counts the Stripe requests of call ("POST /v1/payment_intents").
func (e *env) calls(call string) int {
	method, path, _ := strings.Cut(call, " ")
	return e.Stripe.Count(method, path)
}

// checkout posts body to /v1/checkout as the writer.
func (e *env) checkout(t *testing.T, body string, header ...string) reply {
	t.Helper()
	return e.do(t, http.MethodPost, "/v1/checkout", "writer", []byte(body), header...)
}

// payment is the 201/GET resource as the tests read it.
type payment struct {
	ID                    string  `json:"id"`
	CustomerID            string  `json:"customer_id"`
	OrderID               *string `json:"order_id"`
	AmountCents           string  `json:"amount_cents"`
	Currency              string  `json:"currency"`
	Status                string  `json:"status"`
	StripePaymentIntentID *string `json:"stripe_payment_intent_id"`
	Mode                  string  `json:"mode"`
	SubscriptionID        *string `json:"subscription_id"`
	CreatedAt             string  `json:"created_at"`
	UpdatedAt             string  `json:"updated_at"`
}

// created checks a 201 against the seed's schema and the surface's
// promises (Location, RFC 3339 times) and decodes it.
func created(t *testing.T, r reply) payment {
	t.Helper()
	if r.Status != http.StatusCreated {
		t.Fatalf("status %d, want 201: %s", r.Status, r)
	}
	validate(t, "payment", r.Body)
	var p payment
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatal(err)
	}
	if loc := r.Header.Get("Location"); !strings.HasSuffix(loc, "/v1/payments/"+p.ID) {
		t.Errorf("Location %q for payment %s", loc, p.ID)
	}
	for _, ts := range []string{p.CreatedAt, p.UpdatedAt} {
		if _, err := time.Parse(time.RFC3339, ts); err != nil || !strings.HasSuffix(ts, "Z") {
			t.Errorf("timestamp %q is not RFC 3339 UTC: %v", ts, err)
		}
	}
	return p
}

// failed checks an error answer: its status, its {error, message} body
// against the seed's 400 schema, its code, and that the message names what
// it should.
func failed(t *testing.T, r reply, status int, code, mentions string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r)
	}
	validate(t, "error", r.Body)
	var e struct{ Error, Message string }
	if err := json.Unmarshal(r.Body, &e); err != nil {
		t.Fatal(err)
	}
	if e.Error != code {
		t.Errorf("error %q, want %q (message %q)", e.Error, code, e.Message)
	}
	if !strings.Contains(e.Message, mentions) {
		t.Errorf("message %q does not mention %q", e.Message, mentions)
	}
}

// countRows counts the rows of a table.
func (e *env) countRows(t *testing.T, table string) int {
	t.Helper()
	n, err := e.DB.Count(t.Context(), table)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

package payments_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"paygate/auth"
	"paygate/auth/authsvc"
	"paygate/formats"
	"paygate/providers/payments"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/server"
	"paygate/store"
)

// One stripe-mock serves every test of the package.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

var (
	companyA = uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	companyB = uuid.MustParse("0b7e7dee-87da-4a2f-8c2e-0d4a3c3f1a11")
)

// tokens are the callers the tests act as, each presented as a JWT.
var tokens = map[string]*auth.Principal{
	"writer":   {UserID: "u1", CompanyID: companyA, Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
	"writer2":  {UserID: "u2", CompanyID: companyA, Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
	"reader":   {UserID: "u3", CompanyID: companyA, Scopes: []string{payments.ScopeRead}},
	"noscope":  {UserID: "u4", CompanyID: companyA},
	"other":    {UserID: "u5", CompanyID: companyB, Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
	"personal": {UserID: "u6", Scopes: []string{payments.ScopeWrite, payments.ScopeRead}},
}

// jwtSecret signs the tests' bearer tokens (HS256).
var jwtSecret = []byte("payments-tests-hs256-secret-of-32-bytes+")

// bearer mints the JWT the auth layer turns into tokens[name]; an unknown
// name gives a token that does not verify.
func bearer(t *testing.T, name string) string {
	t.Helper()
	p, ok := tokens[name]
	if !ok {
		return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged"
	}
	claims := jwt.MapClaims{"sub": p.UserID, "scope": strings.Join(p.Scopes, " "), "exp": time.Now().Add(time.Hour).Unix()}
	if p.CompanyID != uuid.Nil {
		claims["company_id"] = p.CompanyID.String()
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(jwtSecret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// clock is a settable clock for key expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// stripeLog records the calls that reach Stripe and can hold or fail them.
type stripeLog struct {
	mu    sync.Mutex
	calls []string // "POST /v1/payment_intents"
	// intercept, when set, runs before a call is forwarded; a non-nil
	// response or error replaces Stripe's answer.
	intercept func(r *http.Request) (*http.Response, error)
}

func (l *stripeLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.calls = append(l.calls, r.Method+" "+r.URL.Path)
	hook := l.intercept
	l.mu.Unlock()
	if hook != nil {
		if resp, err := hook(r); resp != nil || err != nil {
			return resp, err
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (l *stripeLog) count(call string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.calls {
		if c == call {
			n++
		}
	}
	return n
}

func (l *stripeLog) setIntercept(f func(r *http.Request) (*http.Response, error)) {
	l.mu.Lock()
	l.intercept = f
	l.mu.Unlock()
}

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
	Stripe *stripeLog
	Clock  *clock
}

type envOptions struct {
	webhookSecret *string // nil: webhookSecret
	basePath      string
}

func newEnv(t *testing.T, opts ...envOptions) *env {
	t.Helper()
	var o envOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "paygate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	log := &stripeLog{}
	cfg := stripetest.Start(t).Config()
	cfg.HTTPClient = &http.Client{Transport: log, Timeout: 30 * time.Second}
	secret := webhookSecret
	if o.webhookSecret != nil {
		secret = *o.webhookSecret
	}
	clk := &clock{t: time.Now().UTC()}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg := server.NewRegistry()
	payments.Register(reg, payments.Deps{
		DB: db, Stripe: stripe.New(cfg), WebhookSecret: secret, BasePath: o.basePath, Now: clk.now, Log: quiet,
	})
	verifier, err := auth.NewJWTVerifier(auth.JWTConfig{Secret: jwtSecret})
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{
		Authenticator: auth.NewAuthenticator(auth.Config{JWT: verifier, Logger: quiet}),
		Authorize:     authsvc.Authorize,
		Logger:        quiet,
		BasePath:      o.basePath,
	}, reg, formats.NewCodecs(&formats.Plans{}))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &env{URL: ts.URL + o.basePath, DB: db, Stripe: log, Clock: clk}
}

// reply is a response, read whole.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r reply) String() string { return string(r.Body) }

// do sends a request with the bearer token of tokens[token] ("" sends no
// credentials); a nil body sends none.
func (e *env) do(t *testing.T, method, path, token string, body []byte, header ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+bearer(t, token))
	}
	// Given headers replace the defaults; a name given twice is sent twice.
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Del(header[i])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
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

var schemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	out := map[string]*jsonschema.Schema{}
	for _, name := range []string{"checkout_request", "payment", "error"} {
		path, err := filepath.Abs(filepath.Join("..", "..", "testdata", "payments", name+".schema.json"))
		if err != nil {
			return nil, err
		}
		s, err := c.Compile(path)
		if err != nil {
			return nil, err
		}
		out[name] = s
	}
	return out, nil
})

// schemaErr validates a JSON document against one of the seed's schemas.
func schemaErr(t *testing.T, name string, doc []byte) error {
	t.Helper()
	all, err := schemas()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return all[name].Validate(inst)
}

func validate(t *testing.T, name string, doc []byte) {
	t.Helper()
	if err := schemaErr(t, name, doc); err != nil {
		t.Errorf("%s does not match the %s schema: %v", doc, name, err)
	}
}

// countRows counts the rows of a table.
func (e *env) countRows(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.DB.SQL.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

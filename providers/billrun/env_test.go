package billrun

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"paygate/auth"
	"paygate/internal/faultproxy"
	"paygate/internal/servertest"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/recovery"
	"paygate/recovery/recoverytest"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// One stripe-mock serves the tests that use the repository's fixtures.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

// signedAt is the _t_ of the tests' signed requests ("_t_":"1700000000").
var signedAt = time.Unix(1700000000, 0)

// The accounts every environment starts with.
const (
	annAID     = 7
	annEmail   = "ann@example.org"
	noEmailAID = 8
)

// env is paygate's BillRun surface over real HTTP, with a SQLite file and
// stripe-mock behind it.
type env struct {
	url      string
	db       *store.DB
	stripe   *stripetest.Recorder
	skew     atomic.Int64 // added to the gateway's clock
	signings atomic.Int64 // handshakes started, for their _t_
	deps     Deps
	faults   *faultproxy.Proxy // in front of stripe-mock, with envOptions.faults
}

type envOptions struct {
	// engine is the store\'s engine: "sqlite" or "postgres".
	engine    string
	fixtures  string                             // a stripe-mock fixtures file; empty for the repository's
	secret    string                             // the shared secret; "-" for none
	returnURL string                             // the configured tenant return URL
	stripeURL string                             // a Stripe API base instead of stripe-mock
	auth      func(*store.DB) auth.Authenticator // nil: no authenticator
	faults    bool                               // a fault proxy in front of stripe-mock
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	db := storetest.OpenEngine(t, o.engine)
	for _, a := range []store.BillRunAccount{
		{AID: annAID, Email: annEmail, FirstName: "Ann", LastName: "Andersson"},
		{AID: noEmailAID, FirstName: "Nils", LastName: "Utan"},
	} {
		if err := db.PutBillRunAccount(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}

	var cfg stripe.Config
	switch {
	case o.stripeURL != "":
		cfg = stripe.Config{SecretKey: stripetest.SecretKey, APIBase: o.stripeURL, MaxNetworkRetries: -1}
	case o.fixtures != "":
		cfg = stripetest.StartWith(t, stripetest.Options{Fixtures: o.fixtures}).Config()
	default:
		cfg = stripetest.Start(t).Config()
	}
	e := &env{db: db, stripe: &stripetest.Recorder{}}
	if o.faults {
		e.faults, cfg.APIBase = faultproxy.Start(t, cfg.APIBase, faultproxy.Options{Idempotent: true})
		cfg.MaxNetworkRetries = -1
	}
	cfg.HTTPClient = &http.Client{Transport: e.stripe, Timeout: 30 * time.Second}

	secret := o.secret
	switch secret {
	case "":
		secret = testKey
	case "-":
		secret = ""
	}
	srv := servertest.Reserve(t)
	e.url = srv.URL
	log := servertest.Quiet()
	reg := server.NewRegistry()
	// The gateway's clock runs from just after signedAt, the _t_ of the
	// tests' documented requests, so that their signatures are fresh.
	start := time.Now()
	e.deps = Deps{
		DB: db, Stripe: stripe.New(cfg), SharedSecret: secret, PublicURL: e.url, ReturnURL: o.returnURL, Logger: log,
		Now: func() time.Time {
			return signedAt.Add(30*time.Second + time.Since(start) + time.Duration(e.skew.Load()))
		},
	}
	Register(reg, e.deps)
	var authn auth.Authenticator
	if o.auth != nil {
		authn = o.auth(db)
	}
	srv.Serve(server.Config{Authenticator: authn, Logger: log}, reg)
	return e
}

// reply is an answer of the server.
type reply struct{ servertest.Reply }

// json decodes the body, failing the test when it is not JSON.
func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("status %d, body %q: %v", r.Status, r.Body, err)
	}
	return m
}

// location is where a redirect points.
func (r reply) location() string { return r.Header.Get("Location") }

// do sends method to path with params in the query (GET) or as a form
// (POST), and header lines "Name: value".
func (e *env) do(t *testing.T, method, path string, params url.Values, headers ...string) reply {
	t.Helper()
	target, body := e.url+path, []byte(nil)
	var pairs []string
	if method == http.MethodGet {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		target += sep + params.Encode()
	} else {
		body = []byte(params.Encode())
		pairs = append(pairs, "Content-Type", "application/x-www-form-urlencoded")
	}
	var given []string
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		given = append(given, k, v)
	}
	return reply{servertest.Do(t, method, target, body, servertest.Override(pairs, given...)...)}
}

// getRequest posts data as BillRun's tests do: a form field.
func (e *env) getRequest(t *testing.T, data string, headers ...string) reply {
	t.Helper()
	return e.do(t, http.MethodPost, getRequestPath, url.Values{"data": {data}}, headers...)
}

// okPage calls okPage with GET parameters.
func (e *env) okPage(t *testing.T, params url.Values) reply {
	t.Helper()
	return e.do(t, http.MethodGet, okPagePath, params)
}

// sign appends a _sig_ made with testKey to the JSON object data; the
// signature itself is checked against PHP in signature_test.go.
func sign(t *testing.T, data string) string {
	t.Helper()
	n, err := parseData(data)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := signedPayload(newData(n))
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha512.New, []byte(testKey))
	mac.Write(payload)
	return strings.TrimSuffix(strings.TrimSpace(data), "}") + `,"_sig_":"` + hex.EncodeToString(mac.Sum(nil)) + `"}`
}

// wantFailure checks a BillRun failure: HTTP 200, status 0, desc and
// details.message both msg.
func wantFailure(t *testing.T, r reply, msg string) {
	t.Helper()
	want := `{"status":0,"desc":` + jsonString(msg) + `,"details":{"message":` + jsonString(msg) + `}}`
	if r.Status != http.StatusOK || string(r.Body) != want {
		t.Errorf("got %d %s\nwant 200 %s", r.Status, r.Body, want)
	}
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}

// tx reads a transaction, failing the test when it is missing.
func (e *env) tx(t *testing.T, id string) store.BillRunTx {
	t.Helper()
	tx, err := e.db.BillRunTx(context.WithoutCancel(t.Context()), id)
	if err != nil {
		t.Fatalf("transaction %s: %v", id, err)
	}
	return tx
}

// recover runs one sweep of the recoverer, with every attempt due, and
// returns how many it settled.
func (e *env) recover(t *testing.T) int {
	t.Helper()
	return recoverytest.Sweep(t, e.db, map[string]recovery.Settler{AttemptKind: NewSettler(e.deps)}, nil)
}

package paysonv2_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/faultproxy"
	"paygate/internal/logtest"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/recovery"
	"paygate/recovery/recoverytest"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// Company B has its own Payson agent, so the sandbox keeps the two
// companies' checkouts apart as Payson would.
const (
	agentB = "71"
	keyB   = "b-key-5d0e7a3c-0f1e-4c55-9a1d-3f6f2c8e9b11"
)

var (
	companyA = uuid.MustParse("aaaaaaaa-0000-4000-8000-000000000001")
	companyB = uuid.MustParse("bbbbbbbb-0000-4000-8000-000000000002")
	companyC = uuid.MustParse("cccccccc-0000-4000-8000-000000000003") // no Payson settings
)

// callers are the API keys the tests call with, by name: a company's
// administrator (write or read), a member of staff without a role, and a
// superadmin of no company.
var callers = map[string]auth.KeySpec{
	"admin-a":  {Company: companyA, Roles: []string{"bookingsupplier-administrator-write"}},
	"reader-a": {Company: companyA, Roles: []string{"bookingsupplier-administrator-read"}},
	"staff-a":  {Company: companyA},
	"admin-b":  {Company: companyB, Roles: []string{"bookingsupplier-administrator-write"}},
	"super":    {Roles: []string{auth.RoleSuperAdmin}},
}

// env is paygate with the Payson operations over real HTTP, a SQLite file,
// and two Payson sandboxes over HTTP: the live environment and the test
// environment TestMode selects.
type env struct {
	t      *testing.T
	db     *store.DB
	live   *sandbox.Sandbox
	liveTS *httptest.Server
	test   *sandbox.Sandbox
	testTS *httptest.Server
	url    string // paygate
	logs   *logtest.Buffer
	keys   map[string]string // issued API keys by caller name
	deps   paysonv2.Deps
	faults *faultproxy.Proxy // in front of the live sandbox, with envOptions.faults
}

type envOptions struct {
	// engine is the store\'s engine: "sqlite" or "postgres".
	engine  string
	apiBase string       // replaces the live sandbox's address, e.g. with a dead port
	front   *flakyPayson // stands between paygate and the live sandbox
	faults  bool         // puts a fault proxy in front of the live sandbox
	// attemptTimeout shortens the bound of Payson calls.
	attemptTimeout time.Duration
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, logs: &logtest.Buffer{}, keys: map[string]string{}}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	db := storetest.OpenEngine(t, o.engine)
	e.db = db

	sbOpts := sandbox.Options{
		Accounts:        []sandbox.Account{{AgentID: agentB, APIKey: keyB, Email: "b@example.com", MerchantID: 71}},
		NotifyAttempts:  3,
		NotifyBaseDelay: 10 * time.Millisecond,
	}
	e.live, e.liveTS = startSandbox(t, sbOpts)
	e.test, e.testTS = startSandbox(t, sbOpts)

	srv := servertest.Reserve(t)
	e.url = srv.URL
	apiBase := e.liveTS.URL
	switch {
	case o.apiBase != "":
		apiBase = o.apiBase
	case o.faults:
		e.faults, apiBase = faultproxy.Start(t, e.liveTS.URL, faultproxy.Options{})
	case o.front != nil:
		target, err := url.Parse(e.liveTS.URL)
		if err != nil {
			t.Fatal(err)
		}
		o.front.proxy = httputil.NewSingleHostReverseProxy(target)
		front := httptest.NewServer(o.front)
		t.Cleanup(front.Close)
		apiBase = front.URL
	}
	reg := server.NewRegistry()
	e.deps = paysonv2.Deps{
		DB: db, APIBase: apiBase, TestAPIBase: e.testTS.URL,
		PublicURL: e.url, TermsURL: e.url + "/terms", Logger: log, AttemptTimeout: o.attemptTimeout,
	}
	paysonv2.Register(reg, e.deps)
	srv.Serve(server.Config{
		Authenticator: auth.NewAuthenticator(auth.Config{Keys: db, Logger: log}),
		Authorize:     bokamera.Authorize,
		Logger:        log,
	}, reg)

	storetest.AddCompany(t, db, store.Company{ID: companyA, Name: "Salon A", Currency: "SEK"},
		store.Company{ID: companyB, Name: "Spa B", Currency: "SEK"}, store.Company{ID: companyC, Name: "Shop C", Currency: "SEK"})
	for _, a := range []store.Article{
		{CompanyID: companyA, ArticleID: 1, ArticleTypeID: 1, Name: "Haircut", UnitPrice: 50000, VATRateBP: 2500, Currency: "SEK"},
		{CompanyID: companyA, ArticleID: 2, ArticleTypeID: 1, Name: "Shampoo", UnitPrice: 12550, VATRateBP: 1200, Currency: "SEK"},
		{CompanyID: companyA, ArticleID: 3, ArticleTypeID: 1, Name: "Gift card", UnitPrice: 10000, VATRateBP: 0, Currency: "EUR"},
		{CompanyID: companyA, ArticleID: 4, ArticleTypeID: 1, Name: "Trim", UnitPrice: 30000, VATRateBP: 2500, Currency: "NOK"},
		{CompanyID: companyB, ArticleID: 1, ArticleTypeID: 1, Name: "Massage", UnitPrice: 80000, VATRateBP: 2500, Currency: "SEK"},
		{CompanyID: companyC, ArticleID: 1, ArticleTypeID: 1, Name: "Thing", UnitPrice: 100, VATRateBP: 2500, Currency: "SEK"},
	} {
		if err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for name, spec := range callers {
		spec.Name = name
		e.keys[name] = authtest.Key(t, db, spec)
	}
	if err := paysonv2.SeedDemo(ctx, db, companyA, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
		t.Fatal(err)
	}
	if err := paysonv2.SeedDemo(ctx, db, companyB, agentB, keyB); err != nil {
		t.Fatal(err)
	}
	return e
}

func startSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *httptest.Server) {
	sb := sandbox.New(opts)
	ts := httptest.NewServer(sb)
	t.Cleanup(func() {
		ts.Close()
		sb.Close()
	})
	return sb, ts
}

// recover runs one sweep of the recoverer, with every attempt due, and
// returns how many it settled.
func (e *env) recover() int {
	e.t.Helper()
	settler := paysonv2.NewSettler(e.deps)
	return recoverytest.Sweep(e.t, e.db, map[string]recovery.Settler{paysonv2.AttemptKind: settler, paysonv2.ShipAttemptKind: settler}, nil)
}

func (e *env) attempts() []store.Attempt { return recoverytest.Attempts(e.t, e.db) }

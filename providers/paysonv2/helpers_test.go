package paysonv2_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/apierr"
	"paygate/auth"
	"paygate/formats"
	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/server"
	"paygate/store"
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

// fakeAuth knows a few bearer tokens. The real authenticator is built
// elsewhere; these tests need only callers with companies and roles.
type fakeAuth struct{}

func (fakeAuth) Authenticate(r *http.Request) (*auth.Principal, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, nil
	}
	switch tok {
	case "admin-a":
		return &auth.Principal{UserID: "1", CompanyID: companyA, Roles: []string{"bookingsupplier-administrator-write"}}, nil
	case "reader-a":
		return &auth.Principal{UserID: "2", CompanyID: companyA, Roles: []string{"bookingsupplier-administrator-read"}}, nil
	case "staff-a":
		return &auth.Principal{UserID: "3", CompanyID: companyA}, nil
	case "admin-b":
		return &auth.Principal{UserID: "4", CompanyID: companyB, Roles: []string{"bookingsupplier-administrator-write"}}, nil
	case "super":
		return &auth.Principal{UserID: "5", Roles: []string{auth.RoleSuperAdmin}}, nil
	}
	return nil, apierr.Unauthorized("Invalid bearer token")
}

// lockedBuffer collects log output written from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
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
	logs   *lockedBuffer
}

type envOptions struct {
	apiBase string       // replaces the live sandbox's address, e.g. with a dead port
	front   *flakyPayson // stands between paygate and the live sandbox
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, logs: &lockedBuffer{}}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	db, err := store.Open(filepath.Join(t.TempDir(), "paygate.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e.db = db

	sbOpts := sandbox.Options{
		Accounts:        []sandbox.Account{{AgentID: agentB, APIKey: keyB, Email: "b@example.com", MerchantID: 71}},
		NotifyAttempts:  3,
		NotifyBaseDelay: 10 * time.Millisecond,
	}
	e.live, e.liveTS = startSandbox(t, sbOpts)
	e.test, e.testTS = startSandbox(t, sbOpts)

	ts := httptest.NewUnstartedServer(nil)
	e.url = "http://" + ts.Listener.Addr().String()
	apiBase := e.liveTS.URL
	switch {
	case o.apiBase != "":
		apiBase = o.apiBase
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
	paysonv2.Register(reg, paysonv2.Deps{
		DB: db, APIBase: apiBase, TestAPIBase: e.testTS.URL,
		PublicURL: e.url, TermsURL: e.url + "/terms", Logger: log,
	})
	ts.Config.Handler = server.New(server.Config{Authenticator: fakeAuth{}, Logger: log}, reg, formats.NewCodecs(&formats.Plans{}))
	ts.Start()
	t.Cleanup(ts.Close)

	for _, c := range []store.Company{{ID: companyA, Name: "Salon A", Currency: "SEK"}, {ID: companyB, Name: "Spa B", Currency: "SEK"}, {ID: companyC, Name: "Shop C", Currency: "SEK"}} {
		if err := db.AddCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
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

// reply is an answer from paygate.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// errorBody is a ServiceStack error response.
type errorBody struct {
	ResponseStatus struct {
		ErrorCode string
		Message   string
		Errors    []struct {
			ErrorCode string
			FieldName string
			Message   string
		}
		Meta map[string]string
	}
}

func (r reply) err(t *testing.T) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %s: %v", r.body, err)
	}
	return e
}

// fields lists the FieldNames of an error.
func (e errorBody) fields() []string {
	var out []string
	for _, f := range e.ResponseStatus.Errors {
		out = append(out, f.FieldName)
	}
	return out
}

// call sends a request to paygate. A token adds a bearer Authorization;
// contentType defaults to JSON when there is a body.
func (e *env) call(method, path, token, contentType, body string, header ...string) reply {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType == "" && body != "" {
		contentType = "application/json"
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// checkoutResponse is PaysonCheckoutV2Response as JSON.
type checkoutResponse struct {
	Id      uuid.UUID
	Snippet string
	Status  string
}

func decode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	return v
}

// createBody is a PaysonV2CreateCheckout for company A's haircut.
func createBody(reference string) string {
	return `{"CompanyId":"` + companyA.String() + `","InternalReferenceId":"` + reference + `",` +
		`"PaymentOrigin":"HomePage","Language":"sv","CountryCode":"SE",` +
		`"Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":2},{"ArticleId":2,"ArticleTypeId":1,"Quantity":1}]}`
}

// create makes a checkout through paygate and fails the test otherwise.
func (e *env) create(body string) checkoutResponse {
	e.t.Helper()
	r := e.call("POST", "/payment/payson/v2/checkout", "", "", body)
	if r.status != http.StatusOK {
		e.t.Fatalf("create: %d %s", r.status, r.body)
	}
	return decode[checkoutResponse](e.t, r)
}

// pay plays the customer paying in the sandbox, over its control API, and
// waits until the notifications it causes have been delivered.
func (e *env) pay(sb *sandbox.Sandbox, ts *httptest.Server, id uuid.UUID) {
	e.t.Helper()
	e.act(ts, id, sandbox.ActionPay)
	e.idle(sb)
}

func (e *env) act(ts *httptest.Server, id uuid.UUID, a sandbox.Action) {
	e.t.Helper()
	resp, err := ts.Client().Post(ts.URL+"/sandbox/checkouts/"+id.String()+"/"+string(a), "application/json", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("sandbox %s: %d %s", a, resp.StatusCode, b)
	}
}

func (e *env) idle(sb *sandbox.Sandbox) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sb.WaitIdle(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// payson reads a checkout straight from a sandbox, as Payson has it.
func (e *env) payson(ts *httptest.Server, agent, key string, id uuid.UUID) *payson.Checkout {
	e.t.Helper()
	co, err := payson.New(ts.URL, agent, key, ts.Client()).GetCheckout(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return co
}

// row reads paygate's record of Payson checkout id.
func (e *env) row(id uuid.UUID) store.PaysonCheckout {
	e.t.Helper()
	r, err := e.db.PaysonCheckoutByCheckoutID(context.Background(), id)
	if err != nil {
		e.t.Fatalf("row of %s: %v", id, err)
	}
	return r
}

// states counts paygate's checkout attempts by state.
func (e *env) states() map[store.PaysonState]int {
	e.t.Helper()
	rows, err := e.db.SQL.Query(`SELECT state, COUNT(*) FROM payson_checkouts GROUP BY state`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	out := map[store.PaysonState]int{}
	for rows.Next() {
		var s store.PaysonState
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			e.t.Fatal(err)
		}
		out[s] = n
	}
	return out
}

func sendPath(id uuid.UUID) string {
	return "/payment/payson/v2/checkout/" + id.String() + "/sendpaymentrequest"
}

// flakyPayson is Payson as paygate may meet it: down for a while, or
// answering one read with an older version of a checkout, as a lagging
// replica would.
type flakyPayson struct {
	proxy *httputil.ReverseProxy

	mu    sync.Mutex
	down  bool
	stale map[string][]byte // by request path; served once
}

func (f *flakyPayson) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

// serveStaleOnce makes the next read of co answer with co as it is now.
func (f *flakyPayson) serveStaleOnce(t *testing.T, co *payson.Checkout) {
	b, err := json.Marshal(co)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stale == nil {
		f.stale = map[string][]byte{}
	}
	f.stale["/2.0/Checkouts/"+co.ID.String()] = b
}

func (f *flakyPayson) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	down := f.down
	stale, isStale := f.stale[r.URL.Path]
	if isStale && r.Method == http.MethodGet {
		delete(f.stale, r.URL.Path)
	}
	f.mu.Unlock()
	switch {
	case down:
		http.Error(w, "upstream connect error", http.StatusServiceUnavailable)
	case isStale && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		w.Write(stale)
	default:
		f.proxy.ServeHTTP(w, r)
	}
}

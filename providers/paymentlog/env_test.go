package paymentlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/providers/paymentlog"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
	"paygate/recovery"
	"paygate/recovery/recoverytest"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// One stripe-mock serves every test of this package.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

// env is paygate with both BokaMera surfaces and the payment log over real
// HTTP, on a SQLite file of its own, against stripe-mock and the Payson
// sandbox.
type env struct {
	t        testing.TB
	db       *store.DB
	url      string
	stripe   *stripetest.Recorder
	sandbox  *sandbox.Sandbox
	sandboxS *httptest.Server
	companyA uuid.UUID
	companyB uuid.UUID
	keys     authtest.Keys
	settler  *paymentlog.Settler
	hooked   map[uuid.UUID]bool
	// stripeNet carries paygate's Stripe calls, paysonNet its Payson
	// calls; tests make them fail or stall.
	stripeNet *switchable
	paysonNet *paysonFront
}

type envOptions struct {
	attemptTimeout time.Duration
}

// switchable is a transport a test can swap while paygate runs; nil is
// the default transport.
type switchable struct {
	mu   sync.Mutex
	next http.RoundTripper
}

func (s *switchable) set(rt http.RoundTripper) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = rt
}

func (s *switchable) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	next := s.next
	s.mu.Unlock()
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(r)
}

// paysonFront stands between paygate and the sandbox and can stall.
type paysonFront struct {
	proxy http.Handler
	mu    sync.Mutex
	delay time.Duration
}

func (f *paysonFront) stall(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

func (f *paysonFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	d := f.delay
	f.mu.Unlock()
	if d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	f.proxy.ServeHTTP(w, r)
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	e := &env{t: t, db: db, companyA: uuid.New(), companyB: uuid.New(), keys: authtest.Keys{DB: db}, hooked: map[uuid.UUID]bool{}}
	storetest.AddCompany(t, db, store.Company{ID: e.companyA, Name: "Salong A", Currency: "SEK"},
		store.Company{ID: e.companyB, Name: "Salong B", Currency: "SEK"})
	for _, c := range []uuid.UUID{e.companyA, e.companyB} {
		if err := stripev1.SeedDemo(ctx, db, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := paysonv2.SeedDemo(ctx, db, e.companyA, sandbox.DemoAgentID, sandbox.DemoAPIKey); err != nil {
		t.Fatal(err)
	}

	e.sandbox = sandbox.New(sandbox.Options{NotifyAttempts: 3, NotifyBaseDelay: 10 * time.Millisecond})
	e.sandboxS = httptest.NewServer(e.sandbox)
	t.Cleanup(func() {
		e.sandboxS.Close()
		e.sandbox.Close()
	})
	target, err := url.Parse(e.sandboxS.URL)
	if err != nil {
		t.Fatal(err)
	}
	e.paysonNet = &paysonFront{proxy: httputil.NewSingleHostReverseProxy(target)}
	front := httptest.NewServer(e.paysonNet)
	t.Cleanup(front.Close)
	paysonBase := front.URL

	cfg := stripetest.Start(t).Config()
	e.stripeNet = &switchable{}
	e.stripe = &stripetest.Recorder{Next: e.stripeNet}
	cfg.HTTPClient = &http.Client{Transport: e.stripe}
	quiet := servertest.Quiet()

	srv := servertest.Reserve(t)
	e.url = srv.URL
	sd := stripev1.Deps{DB: db, Stripe: stripe.New(cfg), PublicURL: e.url, Logger: quiet, AttemptTimeout: o.attemptTimeout}
	pd := paysonv2.Deps{DB: db, APIBase: paysonBase, TestAPIBase: paysonBase, PublicURL: e.url, Logger: quiet,
		HTTPClient: &http.Client{}}
	reg := server.NewRegistry()
	stripev1.Register(reg, sd)
	paysonv2.Register(reg, pd)
	e.settler = paymentlog.Register(reg, paymentlog.Deps{DB: db, Logger: quiet, AttemptTimeout: o.attemptTimeout,
		Refunders: map[string]paymentlog.Refunder{
			store.ProviderStripe: stripev1.NewRefunder(sd),
			store.ProviderPayson: paysonv2.NewRefunder(pd),
		}})
	srv.Serve(server.Config{
		Logger:        quiet,
		Authenticator: auth.NewAuthenticator(auth.Config{Keys: db, Logger: quiet}),
		Authorize:     bokamera.Authorize,
	}, reg)
	return e
}

type reply = servertest.Reply

// do sends one request; header pairs follow the body.
func (e *env) do(method, path, contentType, body string, header ...string) reply {
	e.t.Helper()
	var defaults []string
	if contentType != "" {
		defaults = []string{"Content-Type", contentType}
	}
	return servertest.Do(e.t, method, e.url+path, []byte(body), servertest.Override(defaults, header...)...)
}

// bearer is the Authorization header of a key with role for company
// (uuid.Nil: no company).
func (e *env) bearer(role string, company uuid.UUID) []string {
	e.t.Helper()
	return []string{"Authorization", e.keys.Bearer(e.t, role, company)}
}

func (e *env) admin(company uuid.UUID) []string {
	return e.bearer(bokamera.RoleAdminWrite, company)
}

// stripePaid has a Stripe checkout for booking paid by card, as Stripe's
// checkout.session.completed tells it, and returns the session.
func (e *env) stripePaid(company uuid.UUID, booking int) (session, paymentIntent string) {
	e.t.Helper()
	if !e.hooked[company] {
		servertest.Decode[map[string]any](e.t, e.do("POST", "/payment/stripe/v1/webhook", "application/json", `{}`, e.admin(company)...), 200)
		e.hooked[company] = true
	}
	body := fmt.Sprintf(`{"CompanyId":"%s","CountryCode":"SE","InternalReferenceId":"%d",`+
		`"Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1},{"ArticleId":2,"ArticleTypeId":1,"Quantity":2}]}`, company, booking)
	s := servertest.Decode[struct{ SessionId string }](e.t, e.do("POST", "/payment/stripe/v1/checkout", "application/json", body), 200)
	paymentIntent = fmt.Sprintf("pi_booking%d", booking)
	ev := e.event("evt_completed_"+s.SessionId, "checkout.session.completed", "", map[string]any{
		"id": s.SessionId, "object": "checkout.session", "status": "complete", "payment_status": "paid",
		"payment_intent": paymentIntent, "customer_details": map[string]any{"email": "kund@example.se"}})
	if r := e.deliver(company, ev); r.Status != 200 {
		e.t.Fatalf("completed: %s", r)
	}
	return s.SessionId, paymentIntent
}

// event is a Stripe event of type typ about obj.
func (e *env) event(id, typ, account string, obj map[string]any) []byte {
	v := map[string]any{"id": id, "object": "event", "type": typ, "api_version": stripego.APIVersion,
		"created": time.Now().Unix(), "data": map[string]any{"object": obj}}
	if account != "" {
		v["account"] = account
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// deliver posts a signed event to company's registered endpoint.
func (e *env) deliver(company uuid.UUID, payload []byte) reply {
	e.t.Helper()
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload,
		Secret: stripetest.WebhookSecret, Timestamp: time.Now()})
	return e.do("POST", "/payment/stripe/v1/ipncallback?CompanyId="+company.String(), "application/json", string(payload),
		"Stripe-Signature", sig.Header)
}

// paysonPaid has a Payson checkout for booking paid in the sandbox and
// shipped (the payment request sent), and returns its id.
func (e *env) paysonPaid(booking int, ship bool) uuid.UUID {
	e.t.Helper()
	body := fmt.Sprintf(`{"CompanyId":"%s","InternalReferenceId":"%d","PaymentOrigin":"HomePage","Language":"sv",`+
		`"CountryCode":"SE","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1},{"ArticleId":2,"ArticleTypeId":1,"Quantity":2}]}`,
		e.companyA, booking)
	co := servertest.Decode[struct{ Id uuid.UUID }](e.t, e.do("POST", "/payment/payson/v2/checkout", "application/json", body), 200)
	if _, err := e.sandbox.Act(context.Background(), co.Id, sandbox.ActionPay, nil); err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.sandbox.WaitIdle(ctx); err != nil {
		e.t.Fatal(err)
	}
	if ship {
		r := e.do("PUT", "/payment/payson/v2/checkout/"+co.Id.String()+"/sendpaymentrequest", "application/json", `{}`,
			e.admin(e.companyA)...)
		if r.Status != 200 {
			e.t.Fatalf("ship: %s", r)
		}
	}
	return co.Id
}

// logEntry is a PaymentLogQueryResponse as a JSON client reads it.
type logEntry struct {
	Id                               int
	InternalReferenceId              string
	PaymentProvider, CheckoutId      string
	PaymentReferenceId               string
	Amount, VatAmount                float64
	Currency, Status, ProviderStatus string
	RefundedAmount, RefundableAmount float64
	Refunds                          []logRefund
	Articles                         []struct {
		ArticleId, Quantity int
		Name                string
		UnitPrice           float64
	}
	Created, Updated string
}

type logRefund struct {
	Id                         int
	Amount                     float64
	Status, Origin             string
	ProviderRefundId, Comments string
	FailureReason              string
}

type logPage struct {
	Offset, Total int
	Results       []logEntry
}

// payments reads company's log through PaymentLogQuery with query (after
// ArticleTypeId=1).
func (e *env) payments(company uuid.UUID, query string) logPage {
	e.t.Helper()
	return servertest.Decode[logPage](e.t, e.do("GET", "/articles/payments?ArticleTypeId=1"+query, "", "", e.admin(company)...), 200)
}

// entry is the log entry of a checkout.
func (e *env) entry(company uuid.UUID, checkout string) logEntry {
	e.t.Helper()
	for _, p := range e.payments(company, "&Take=100").Results {
		if p.CheckoutId == checkout {
			return p
		}
	}
	e.t.Fatalf("no log entry for %s", checkout)
	return logEntry{}
}

// refund asks RefundBookingPayment in JSON.
func (e *env) refund(company uuid.UUID, booking, paymentLogID int, amount string) reply {
	e.t.Helper()
	return e.do("PUT", fmt.Sprintf("/bookings/%d/refund/%d", booking, paymentLogID), "application/json",
		`{"Amount":`+amount+`,"Comments":"Avbokad"}`, e.admin(company)...)
}

func itoa(i int) string { return strconv.Itoa(i) }

// recover runs one sweep of the recoverer over the refunds in flight, with
// every attempt due, and returns how many it settled.
func (e *env) recover() int {
	e.t.Helper()
	return recoverytest.Sweep(e.t, e.db, map[string]recovery.Settler{store.RefundAttemptKind: e.settler}, nil)
}

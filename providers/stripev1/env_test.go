package stripev1_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
	"paygate/recovery"
	"paygate/recovery/recoverytest"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

// One stripe-mock serves every test and benchmark of this package.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

// env is paygate serving this surface over real HTTP, on a SQLite file of
// its own, against stripe-mock; every Stripe request is recorded.
type env struct {
	t       testing.TB
	db      *store.DB
	url     string
	stripe  *stripetest.Recorder
	company uuid.UUID
	keys    authtest.Keys
	deps    stripev1.Deps
}

type envOptions struct {
	// engine is the store\'s engine: "sqlite" or "postgres".
	engine string
	// stripeBase replaces stripe-mock's URL, for a test that puts a
	// stand-in in front of it.
	stripeBase string
	// account is the demo company's connected account; empty: platform.
	account string
	// transport carries Stripe calls unrecorded, for benchmarks.
	transport http.RoundTripper
	// attemptTimeout shortens how long a create may take.
	attemptTimeout time.Duration
	// now is the surface's clock; nil: time.Now.
	now func() time.Time
}

func newEnv(t testing.TB, opts envOptions) *env {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenEngine(t, opts.engine)
	e := &env{t: t, db: db, company: uuid.New(), keys: authtest.Keys{DB: db}}
	storetest.AddCompany(t, db, store.Company{ID: e.company, Name: "Salong Test", Currency: "SEK"})
	if err := stripev1.SeedDemo(ctx, db, e.company); err != nil {
		t.Fatal(err)
	}
	if opts.account != "" {
		e.updateSettings(func(s *store.PaymentSettings) { s.StripeAccount = opts.account })
	}

	cfg := stripetest.Start(t).Config()
	if opts.stripeBase != "" {
		cfg.APIBase = opts.stripeBase
	}
	e.stripe = &stripetest.Recorder{}
	cfg.HTTPClient = &http.Client{Transport: e.stripe}
	if opts.transport != nil {
		cfg.HTTPClient = &http.Client{Transport: opts.transport}
	}
	quiet := servertest.Quiet()
	reg := server.NewRegistry()
	e.deps = stripev1.Deps{DB: db, Stripe: stripe.New(cfg), PublicURL: "https://pay.example.org/", BasePath: "gw", Logger: quiet, AttemptTimeout: opts.attemptTimeout, Now: opts.now}
	stripev1.Register(reg, e.deps)
	e.url = servertest.Start(t, server.Config{
		BasePath:      "/gw",
		Logger:        quiet,
		Authenticator: auth.NewAuthenticator(auth.Config{Keys: db, Logger: quiet}),
		Authorize:     bokamera.Authorize,
	}, reg)
	return e
}

func (e *env) updateSettings(change func(*store.PaymentSettings)) {
	e.t.Helper()
	_, err := e.db.UpdatePaymentSettings(context.Background(), e.company, func(s *store.PaymentSettings) error {
		change(s)
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
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

// postJSON posts v (or a string as is) as JSON.
func (e *env) postJSON(path string, v any, header ...string) reply {
	e.t.Helper()
	body, ok := v.(string)
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			e.t.Fatal(err)
		}
		body = string(b)
	}
	return e.do(http.MethodPost, path, "application/json", body, header...)
}

// checkout is the create request as a client builds it.
type checkout struct {
	CompanyId           string `json:",omitempty"`
	CountryCode         string
	Articles            []article
	InternalReferenceId string
	ConfirmationUrl     string `json:",omitempty"`
	CancelUrl           string `json:",omitempty"`
	UiMode              string `json:",omitempty"`
}

type article struct{ ArticleId, ArticleTypeId, Quantity int }

type checkoutResponse struct {
	SessionId, Url, Status, ClientSecret, CustomerId string
	PaymentIntentClientSecret, PaymentIntentId       string
	StripeAccount                                    string
}

// massage is a hosted checkout of the demo catalog's massage (500.00) and
// two add-ons (150.00 each): 800.00 SEK.
func (e *env) massage(ref string) checkout {
	return checkout{
		CompanyId:           e.company.String(),
		CountryCode:         "SE",
		Articles:            []article{{1, 1, 1}, {2, 1, 2}},
		InternalReferenceId: ref,
		ConfirmationUrl:     "https://salong.example.org/tack",
		CancelUrl:           "https://salong.example.org/avbryt",
	}
}

func (e *env) create(c checkout) checkoutResponse {
	e.t.Helper()
	return servertest.Decode[checkoutResponse](e.t, e.postJSON("/payment/stripe/v1/checkout", c), http.StatusOK)
}

func (e *env) checkouts(ref string) []store.StripeCheckout {
	e.t.Helper()
	list, err := e.db.StripeCheckouts(context.Background(), e.company, ref)
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

// bearer returns the Authorization value of an API key with role for
// company (uuid.Nil for a superadmin key), issued once per env.
func (e *env) bearer(role string, company uuid.UUID) string {
	e.t.Helper()
	return e.keys.Bearer(e.t, role, company)
}

// admin is the Authorization header of the company's administrator.
func (e *env) admin() []string {
	return []string{"Authorization", e.bearer(bokamera.RoleAdminWrite, e.company)}
}

// otherCompany adds a second company with the demo settings and catalog.
func (e *env) otherCompany(t testing.TB) uuid.UUID {
	t.Helper()
	id := uuid.New()
	storetest.AddCompany(t, e.db, store.Company{ID: id, Name: "Salong Annan", Currency: "SEK"})
	if err := stripev1.SeedDemo(context.Background(), e.db, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// registerWebhookFor registers a webhook as company's administrator.
func (e *env) registerWebhookFor(company uuid.UUID) webhookResponse {
	e.t.Helper()
	r := e.postJSON("/payment/stripe/v1/webhook", `{}`, "Authorization", e.bearer(bokamera.RoleAdminWrite, company))
	return servertest.Decode[webhookResponse](e.t, r, http.StatusOK)
}

// recover runs one sweep of the recoverer, with every attempt due, and
// returns how many it settled.
func (e *env) recover() int {
	e.t.Helper()
	return recoverytest.Sweep(e.t, e.db, map[string]recovery.Settler{stripev1.AttemptKind: stripev1.NewSettler(e.deps)}, nil)
}

func (e *env) attempts() []store.Attempt { return recoverytest.Attempts(e.t, e.db) }

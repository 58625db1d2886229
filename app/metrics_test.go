package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76/webhook"

	"paygate/auth"
	"paygate/auth/authtest"
	"paygate/internal/tooltest"
	"paygate/providers/stripe/stripetest"
	"paygate/store"
	"paygate/store/storetest"
)

// TestMetrics drives checkouts, a replay and webhooks through the whole
// app against stripe-mock, then reads /metrics: promtool accepts it, every
// series the operator needs is there, and no id, key or email is.
func TestMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("drives stripe-mock")
	}
	promtool := tooltest.Need(t, "promtool")
	mock := stripetest.Start(t)
	const whsec = "whsec_metricstest0123456789"
	a := newApp(t, map[string]string{
		"PAYGATE_STRIPE_API_BASE":       mock.URL,
		"PAYGATE_STRIPE_SECRET_KEY":     stripetest.SecretKey,
		"PAYGATE_STRIPE_WEBHOOK_SECRET": whsec,
	})
	ctx := t.Context()
	company := uuid.New()
	storetest.AddCompany(t, a.DB, store.Company{ID: company, Name: "Acme", Currency: "SEK"})
	if err := a.DB.PutPaymentSettings(ctx, store.PaymentSettings{CompanyID: company, Enabled: true,
		Provider: store.ProviderStripeCheckoutV1, DefaultConfirmationURL: "https://shop.example/done"}); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.PutArticle(ctx, store.Article{CompanyID: company, ArticleID: 1, ArticleTypeID: 1, Name: "Haircut",
		UnitPrice: 50000, VATRateBP: 2500, Currency: "SEK"}); err != nil {
		t.Fatal(err)
	}
	key := authtest.Key(t, a.DB, auth.KeySpec{Company: company, Scopes: []string{"payments:write", "payments:read"}})
	ts := httptest.NewServer(a.Server)
	defer ts.Close()
	send := func(method, path, body string, header ...string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	checkout := fmt.Sprintf(`{"CompanyId":%q,"CountryCode":"SE","InternalReferenceId":"booking-42","UiMode":"hosted",
		"Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`, company)
	for _, path := range []string{"/payment/stripe/v1/checkout", "/api/StripeV1CreateCheckout", "/json/reply/StripeV1CreateCheckout"} {
		if code, body := send("POST", path, checkout); code != 200 {
			t.Fatalf("%s: %d %s", path, code, body)
		}
	}
	pay := `{"customer_id":"customer@example.com","amount_cents":4999,"order_id":"o-1"}`
	for range 2 {
		if code, body := send("POST", "/v1/checkout", pay, "Authorization", "Bearer "+key, "Idempotency-Key", "order-o-1"); code != 201 {
			t.Fatalf("/v1/checkout: %d %s", code, body)
		}
	}
	event := []byte(`{"id":"evt_metrics_1","object":"event","api_version":"2023-10-16","type":"payment_intent.succeeded",` +
		`"created":1700000000,"livemode":false,"data":{"object":{"id":"pi_nobodys","object":"payment_intent","status":"succeeded"}}}`)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: event, Secret: whsec, Timestamp: time.Now()})
	for range 2 {
		if code, body := send("POST", "/v1/webhooks/stripe", string(event), "Stripe-Signature", signed.Header); code != 200 {
			t.Fatalf("webhook: %d %s", code, body)
		}
	}
	if code, _ := send("POST", "/v1/webhooks/stripe", string(event), "Stripe-Signature", "t=1,v1=00"); code != 401 {
		t.Fatalf("forged webhook: %d", code)
	}
	send("GET", "/no/such/route", "")

	code, exposition := send("GET", "/metrics", "")
	if code != 200 {
		t.Fatalf("/metrics: %d %s", code, exposition)
	}
	check := exec.Command(promtool, "check", "metrics")
	check.Stdin = strings.NewReader(exposition)
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
	for _, want := range []string{
		`paygate_http_requests_total{code="200",format="json",operation="StripeV1CreateCheckout",route="custom"} 1`,
		`paygate_http_requests_total{code="200",format="json",operation="StripeV1CreateCheckout",route="predefined"} 2`,
		`paygate_http_requests_total{code="201",format="json",operation="CreateCheckout",route="custom"} 2`,
		`paygate_http_requests_total{code="404",format="json",operation="none",route="none"} 1`,
		`paygate_http_request_duration_seconds_count{operation="StripeV1CreateCheckout"} 3`,
		`paygate_checkouts_total{operation="StripeV1CreateCheckout",outcome="created"} 3`,
		`paygate_checkouts_total{operation="CreateCheckout",outcome="created"} 1`,
		`paygate_idempotent_replays_total{operation="CreateCheckout"} 1`,
		`paygate_notifications_total{operation="StripePaymentsWebhook",outcome="ignored",reason=""} 1`,
		`paygate_notifications_total{operation="StripePaymentsWebhook",outcome="duplicate",reason=""} 1`,
		`paygate_notifications_total{operation="StripePaymentsWebhook",outcome="rejected",reason="invalid_signature"} 1`,
		`paygate_provider_calls_total{call="POST /v1/checkout/sessions",outcome="ok",provider="stripe"} 3`,
		`paygate_provider_calls_total{call="POST /v1/checkout/sessions/{id}/expire",outcome=`,
		`paygate_provider_call_duration_seconds_bucket{call="POST /v1/payment_intents",provider="stripe",le="+Inf"} 1`,
		`go_sql_open_connections{db_name="paygate"}`,
		"paygate_attempts_in_flight 0\n",
		"paygate_attempts_review 0\n",
		`go_goroutines `,
		`process_resident_memory_bytes `,
		`paygate_build_info{goversion="go`,
	} {
		if !strings.Contains(exposition, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// Volumes only: nothing that names a tenant, a payer, a session or a
	// credential.
	for _, secret := range []string{company.String(), key, key[3:11], whsec, "customer@example.com", "booking-42", "order-o-1",
		"cs_test", "pi_", "evt_", stripetest.SecretKey} {
		if strings.Contains(exposition, secret) {
			t.Errorf("/metrics shows %q", secret)
		}
	}
	if t.Failed() {
		t.Logf("exposition:\n%s", grepPaygate(exposition))
	}
}

func grepPaygate(s string) string {
	var b bytes.Buffer
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "paygate_") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// TestMetricsAddr: with PAYGATE_METRICS_ADDR the exposition moves to that
// listener, and the API address no longer has it.
func TestMetricsAddr(t *testing.T) {
	api, private, fetch := serveWithMetricsAddr(t, nil)
	if code, body := fetch(api + "/readyz"); code != 200 {
		t.Fatalf("/readyz: %d %s", code, body)
	}
	if code, _ := fetch(api + "/metrics"); code != 404 {
		t.Errorf("/metrics on the API address: %d, want 404", code)
	}
	code, body := fetch(private + "/metrics")
	if code != 200 || !strings.Contains(body, `paygate_http_requests_total{code="404",format="json",operation="none",route="none"} 1`) {
		t.Errorf("/metrics on the metrics address: %d\n%s", code, grepPaygate(body))
	}
	if code, _ := fetch(private + "/readyz"); code != 404 {
		t.Errorf("/readyz on the metrics address: %d, want 404: it serves metrics only", code)
	}
	if code, _ := fetch(private + "/debug/pprof/"); code != 404 {
		t.Errorf("/debug/pprof/ without PAYGATE_PPROF: %d, want 404", code)
	}
}

// TestPprof: PAYGATE_PPROF serves the runtime profiles on the metrics
// address only; the API address never has them.
func TestPprof(t *testing.T) {
	api, private, fetch := serveWithMetricsAddr(t, map[string]string{"PAYGATE_PPROF": "true"})
	if code, body := fetch(private + "/debug/pprof/goroutine?debug=1"); code != 200 || !strings.Contains(body, "goroutine profile:") {
		t.Errorf("goroutine profile on the metrics address: %d\n%.200s", code, body)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine?debug=1", "/debug/pprof/profile?seconds=1"} {
		if code, _ := fetch(api + path); code != 404 {
			t.Errorf("%s on the API address: %d, want 404", path, code)
		}
	}
}

// serveWithMetricsAddr serves the app, env on top, with a metrics address
// of its own until the test ends, and returns the base URLs of both
// addresses and a fetch that waits for them to answer.
func serveWithMetricsAddr(t *testing.T, env map[string]string) (api, private string, fetch func(url string) (int, string)) {
	t.Helper()
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := free.Addr().String()
	free.Close()
	if env == nil {
		env = map[string]string{}
	}
	env["PAYGATE_METRICS_ADDR"] = metricsAddr
	a := newApp(t, env)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- a.ServeListener(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	fetch = func(url string) (int, string) {
		t.Helper()
		for range 50 {
			resp, err := http.Get(url)
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(b)
		}
		t.Fatalf("%s does not answer", url)
		return 0, ""
	}
	return "http://" + ln.Addr().String(), "http://" + metricsAddr, fetch
}

package stripe_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/form"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

// The two benchmarks make the same Checkout Session create against the same
// stripe-mock over the same kind of connection. BenchmarkRawHTTP is the
// baseline (stripe-mock's time plus the bare HTTP round trip); the ratio
// The difference between the two is what stripe-go and our wiring add:
// building and encoding params, headers, decoding the answer.
//
//	go test -run '^$' -bench . -benchmem ./providers/stripe/ | go run ./scripts/benchratio

func benchHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
}

// BenchmarkCreateCheckoutSession: a session create through stripe-go and our
// wiring, against the same request sent with plain net/http (baseline):
// stripe-mock's own time for the call.
func BenchmarkCreateCheckoutSession(b *testing.B) {
	b.Run("baseline", benchRawHTTP)
	b.Run("stripe_go", benchStripeGo)
}

func benchStripeGo(b *testing.B) {
	cfg := stripetest.Start(b).Config()
	cfg.HTTPClient = benchHTTPClient()
	api := stripe.New(cfg).API()
	ctx := context.Background()
	for b.Loop() {
		s, err := api.CheckoutSessions.New(embeddedSession(ctx))
		if err != nil {
			b.Fatal(stripe.Classify(err))
		}
		if s.ClientSecret == "" {
			b.Fatal("no client_secret")
		}
	}
}

func benchRawHTTP(b *testing.B) {
	m := stripetest.Start(b)
	c := benchHTTPClient()
	p := embeddedSession(context.Background())
	values := &form.Values{}
	form.AppendTo(values, p)
	body := values.Encode() // byte for byte what stripe-go sends
	for b.Loop() {
		req, err := http.NewRequest(http.MethodPost, m.URL+"/v1/checkout/sessions", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+stripetest.SecretKey)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Stripe-Version", stripego.APIVersion)
		req.Header.Set("Stripe-Account", *p.StripeAccount)
		req.Header.Set("Idempotency-Key", *p.IdempotencyKey)
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d, %v", resp.StatusCode, err)
		}
	}
}

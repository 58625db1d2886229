package resilience_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"paygate/app"
	"paygate/config"
	"paygate/internal/faultproxy"
	"paygate/internal/logtest"
	"paygate/providers/payson/sandbox"
	"paygate/providers/stripe/stripetest"
)

// bound is the attempt bound of the fault test; margin what an answer may
// take beyond it (the bookkeeping, stripe-go's sleep before a retry, a
// loaded test machine).
const (
	bound  = time.Second
	margin = 5 * time.Second
)

// TestProviderFaults sends every create operation while its provider call
// fails in each way it can: a 500, a garbage answer, a reset connection, a
// hang past the attempt bound, an answer just after it. Each answers 502 or
// 504 (BillRun: status 0) in its dialect within the bound and a margin,
// never a dropped connection; after the recoverer's sweep nothing is left in
// flight, and no entity has two payable checkouts at the providers.
func TestProviderFaults(t *testing.T) {
	mock := stripetest.Start(t)
	stripeProxy, stripeURL := faultproxy.Start(t, mock.URL, faultproxy.Options{Idempotent: true, Late: bound + bound/2})
	sb := sandbox.New(sandbox.Options{})
	t.Cleanup(func() { sb.Close() })
	sbTS := httptest.NewServer(sb)
	t.Cleanup(sbTS.Close)
	paysonProxy, paysonURL := faultproxy.Start(t, sbTS.URL, faultproxy.Options{Late: bound + bound/2})

	env := map[string]string{
		"PAYGATE_DB":                   filepath.Join(t.TempDir(), "p.db"),
		"PAYGATE_STRIPE_API_BASE":      stripeURL,
		"PAYGATE_STRIPE_SECRET_KEY":    stripetest.SecretKey,
		"PAYGATE_PAYSON_API_BASE":      paysonURL,
		"PAYGATE_PAYSON_TEST_API_BASE": paysonURL,
		"PAYGATE_ATTEMPT_TIMEOUT":      bound.String(),
	}
	cfg, err := config.Parse("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var logs logtest.Buffer
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tn := seed(t, a.DB)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	// Swept by hand below, as an hour later would.
	rec := a.Recoverer
	rec.Now = func() time.Time { return time.Now().Add(time.Hour) }
	a.Recoverer = nil
	go func() { served <- a.ServeListener(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	// stripe-go retries a 500 or a reset after a pause: when the retries
	// outlast the bound, the answer is a time-out.
	either := []int{http.StatusBadGateway, http.StatusGatewayTimeout}
	modes := []struct {
		mode     faultproxy.Mode
		statuses []int
	}{
		{faultproxy.Status500, either},
		{faultproxy.Garbage, either},
		{faultproxy.Reset, either},
		{faultproxy.Hang, []int{http.StatusGatewayTimeout}},
		{faultproxy.Late, []int{http.StatusGatewayTimeout}},
	}
	calls := map[string]struct {
		proxy        *faultproxy.Proxy
		method, path string
	}{
		"stripev1": {stripeProxy, http.MethodPost, "/v1/checkout/sessions"},
		"billrun":  {stripeProxy, http.MethodPost, "/v1/checkout/sessions"},
		"v1-key":   {stripeProxy, http.MethodPost, "/v1/payment_intents"},
		"v1":       {stripeProxy, http.MethodPost, "/v1/payment_intents"},
		"payson":   {paysonProxy, http.MethodPost, "/2.0/Checkouts"},
	}
	client := &http.Client{Timeout: bound + 2*margin}
	for _, o := range tn.ops() {
		for _, m := range modes {
			t.Run(o.name+"/"+m.mode.String(), func(t *testing.T) {
				c := calls[o.name]
				c.proxy.Set(c.method, c.path, m.mode)
				defer c.proxy.Clear()
				start := time.Now()
				r, err := send(client, o.request(base, fmt.Sprintf("fault-%s-%s", o.name, m.mode)))
				took := time.Since(start)
				if err != nil {
					t.Fatalf("no answer after %s: %v", took, err)
				}
				if !slices.ContainsFunc(m.statuses, func(status int) bool { return o.failed(r, status) }) {
					t.Errorf("answer %d %s, want a %v failure in the dialect", r.status, r.body, m.statuses)
				}
				if took > bound+margin {
					t.Errorf("answered after %s, bound %s", took, bound)
				}
			})
		}
	}
	stripeProxy.Clear()
	paysonProxy.Clear()
	left := inFlight(t, view(a.DB))
	if left["attempts"] == 0 {
		t.Fatalf("no attempt left in flight by the faults: %v", left)
	}
	n, err := rec.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != left["attempts"] {
		t.Errorf("the recoverer settled %d of %d attempts", n, left["attempts"])
	}
	t.Logf("left in flight by the faults: %v; settled by one sweep: %d", left, n)
	verifySettled(t, view(a.DB), stripeProxy, sb.Checkouts(sandbox.DemoAgentID))
	stop()
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("serve: %v", err)
	}
}

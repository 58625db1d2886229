package metadata_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"paygate/dto"
	"paygate/internal/servertest"
	"paygate/metadata"
	"paygate/server"
)

// The BokaMera operations the seeds were taken from, with the routes, auth
// and texts of their published metadata pages. Handlers are stubs: the
// pages only read the registry.
func bokaMeraRegistry() *server.Registry {
	reg := server.NewRegistry()
	server.Register(reg, server.Op[dto.StripeV1CreateCheckout, dto.StripeCheckoutQueryResponse]{
		Routes: []server.Route{{
			Path: "/payment/stripe/v1/checkout", Verbs: "POST",
			Summary: "Create an checkout for Payable entity. Note if existing checkouts already exists, it will invalidate those.",
			Notes:   "Create Stripe checkout (requires settings for Stripe Checkout 1.0)",
		}},
		Tags:    []string{"Stripe Checkout 1.0"},
		Handler: stub[dto.StripeV1CreateCheckout, dto.StripeCheckoutQueryResponse],
	})
	server.Register(reg, server.Op[dto.GetStripeCheckoutV1CheckoutStatus, dto.StripeCheckoutStatusQueryResponse]{
		Routes:  []server.Route{{Path: "/payment/stripe/v1/checkout/status", Verbs: "POST", Summary: "Get the status of a Stripe checkout session."}},
		Tags:    []string{"Stripe Checkout 1.0"},
		Handler: stub[dto.GetStripeCheckoutV1CheckoutStatus, dto.StripeCheckoutStatusQueryResponse],
	})
	server.Register(reg, server.Op[dto.CreateStripeWebhook, dto.StripeWebhookResponse]{
		Routes: []server.Route{{Path: "/payment/stripe/v1/webhook", Verbs: "POST"}},
		Auth: server.Requirement{Authenticated: true, AnyRole: []string{
			"bookingsupplier-administrator-write", "bookingsupplier-administrator-read", "superadmin"}},
		Tags:    []string{"Stripe Checkout 1.0"},
		Handler: stub[dto.CreateStripeWebhook, dto.StripeWebhookResponse],
	})
	server.Register(reg, server.Op[dto.PaysonV2CreateCheckout, dto.PaysonCheckoutV2Response]{
		Routes:  []server.Route{{Path: "/payment/payson/v2/checkout", Verbs: "POST", Summary: "Create a Payson Checkout 2.0 checkout."}},
		Tags:    []string{"Payson Checkout 2.0"},
		Handler: stub[dto.PaysonV2CreateCheckout, dto.PaysonCheckoutV2Response],
	})
	server.Register(reg, server.Op[dto.PaysonCheckoutv2GetCheckout, dto.PaysonCheckoutV2Response]{
		Routes:  []server.Route{{Path: "/payment/payson/v2/checkout/{Id}", Verbs: "GET"}},
		Tags:    []string{"Payson Checkout 2.0"},
		Handler: stub[dto.PaysonCheckoutv2GetCheckout, dto.PaysonCheckoutV2Response],
	})
	server.Register(reg, server.Op[dto.SendCheckoutPaymentRequest, dto.PaysonCheckoutV2Response]{
		Routes: []server.Route{{
			Path: "/payment/payson/v2/checkout/{Id}/sendpaymentrequest", Verbs: "PUT",
			Summary: "If checkout has is awaiting admin to send payment request, this method is sending the payment reqeust (example when you want to send the payment request manually).",
		}},
		Auth:    server.Requirement{Authenticated: true, AnyRole: []string{"bookingsupplier-administrator-write", "superadmin"}},
		Tags:    []string{"Payson Checkout 2.0"},
		Handler: stub[dto.SendCheckoutPaymentRequest, dto.PaysonCheckoutV2Response],
	})
	server.Register(reg, server.Op[dto.PaysonCheckout2IPNCallBack, dto.IpnCallBackResponse]{
		Routes:  []server.Route{{Path: "/payment/payson/v2/ipncallback", Verbs: "POST"}},
		Tags:    []string{"Payson Checkout 2.0"},
		Handler: stub[dto.PaysonCheckout2IPNCallBack, dto.IpnCallBackResponse],
	})
	return reg
}

func stub[Req, Resp any](context.Context, *Req) (*Resp, error) { return new(Resp), nil }

// fixedNow stamps generated headers, so outputs are reproducible.
func fixedNow() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }

// newServer serves reg with the metadata mounted, as app wires it.
func newServer(t *testing.T, reg *server.Registry, cfg server.Config) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(newHandler(reg, cfg))
	t.Cleanup(ts.Close)
	return ts
}

func newHandler(reg *server.Registry, cfg server.Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = servertest.Quiet()
	}
	codecs := servertest.Codecs()
	cfg.Pages = metadata.Pages(reg, codecs, metadata.Options{ServiceName: "BokaMera.API.Host", Now: fixedNow,
		BasePath: cfg.BasePath, CamelCase: cfg.CamelCase})
	return server.New(cfg, reg, codecs)
}

// get fetches path with the given Host header and returns the body,
// failing the test on anything but want.
func get(t *testing.T, ts *httptest.Server, path, host string, want int) (string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, want, b)
	}
	return string(b), resp.Header
}

// readSeed reads a seed kept under testdata/seeds.
func readSeed(t *testing.T, prefix string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join("testdata", "seeds", prefix+"_*.txt"))
	if err != nil || len(m) != 1 {
		t.Fatalf("seed %s: %v %v", prefix, m, err)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

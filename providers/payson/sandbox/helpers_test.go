package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

// harness is a sandbox served over HTTP with a client for the demo agent.
type harness struct {
	t      *testing.T
	sb     *Sandbox
	srv    *httptest.Server
	client *payson.Client
	shop   string // a merchant that answers every call with 200
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	if opts.NotifyBaseDelay == 0 {
		opts.NotifyBaseDelay = 1
	}
	sb := New(opts)
	srv := httptest.NewServer(sb)
	shop := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
		shop.Close()
	})
	return &harness{t: t, sb: sb, srv: srv, client: payson.New(srv.URL, DemoAgentID, DemoAPIKey, srv.Client()), shop: shop.URL}
}

func checkoutRequest(merchantURL string) payson.CreateCheckoutRequest {
	return payson.CreateCheckoutRequest{
		Merchant: payson.Merchant{
			CheckoutURI:     merchantURL + "/checkout",
			ConfirmationURI: merchantURL + "/confirmation",
			NotificationURI: merchantURL + "/notification?ref=co2",
			TermsURI:        merchantURL + "/terms",
		},
		Order: payson.Order{
			Currency: payson.CurrencySEK,
			Items:    []payson.OrderItem{{Name: "Massage", UnitPrice: 80000, Quantity: 1, TaxRate: 0.25}},
		},
	}
}

func (h *harness) create(req payson.CreateCheckoutRequest) *payson.Checkout {
	h.t.Helper()
	co, err := h.client.CreateCheckout(context.Background(), req)
	if err != nil {
		h.t.Fatalf("create: %v", err)
	}
	return co
}

func (h *harness) get(id uuid.UUID) *payson.Checkout {
	h.t.Helper()
	co, err := h.client.GetCheckout(context.Background(), id)
	if err != nil {
		h.t.Fatalf("get: %v", err)
	}
	return co
}

// act plays a on checkout id and fails the test unless it succeeds.
func (h *harness) act(id uuid.UUID, a Action) *payson.Checkout {
	h.t.Helper()
	co, err := h.sb.Act(context.Background(), id, a, nil)
	if err != nil {
		h.t.Fatalf("%s: %v", a, err)
	}
	return co
}

// raw sends a request and returns the status and the body.
func (h *harness) raw(method, path, body string, auth bool) (int, http.Header, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if auth {
		req.SetBasicAuth(DemoAgentID, DemoAPIKey)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// paysonError decodes Payson's error body.
func paysonError(t *testing.T, body string) payson.Error {
	t.Helper()
	var e payson.Error
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e
}

// errStatus is the HTTP status of a *payson.Error, or 0.
func errStatus(err error) int {
	if perr, ok := err.(*payson.Error); ok {
		return perr.Status
	}
	return 0
}

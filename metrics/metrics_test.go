package metrics

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"paygate/formats"
	"paygate/server"
)

func TestCallName(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{"POST", "/v1/checkout/sessions", "POST /v1/checkout/sessions"},
		{"POST", "/v1/checkout/sessions/cs_test_a1B2c3D4e5F6g7H8i9J0/expire", "POST /v1/checkout/sessions/{id}/expire"},
		// An id without a digit is still an id: it has an underscore and
		// upper case, which no resource name has.
		{"GET", "/v1/checkout/sessions/cs_test_abcDEFghiJKLmnoPQRstuVWX", "GET /v1/checkout/sessions/{id}"},
		{"GET", "/v1/customers/cus_9s6XKzkNRiz8i3", "GET /v1/customers/{id}"},
		{"POST", "/v1/payment_intents", "POST /v1/payment_intents"},
		{"POST", "/v1/webhook_endpoints", "POST /v1/webhook_endpoints"},
		{"GET", "/2.0/Checkouts/6f9619ff-8b86-d011-b42d-00c04fc964ff", "GET /2.0/Checkouts/{id}"},
		{"PUT", "/2.0/Checkouts/abcdefab-cdef-abcd-efab-cdefabcdefab", "PUT /2.0/Checkouts/{id}"},
		{"GET", "/2.0/Accounts", "GET /2.0/Accounts"},
		{"GET", "/v1/invoices/12345", "GET /v1/invoices/{id}"},
		{"GET", "/v1/customers/someone@example.com", "GET /v1/customers/{id}"},
	} {
		if got := CallName(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.want)
		}
	}
}

func TestObserveDomain(t *testing.T) {
	m := New(map[string]Kind{"Create": CheckoutCreate, "BillRun": CheckoutCreate, "Hook": NotificationReceiver})
	for _, o := range []server.Observation{
		{Operation: "Create", Status: 200},
		{Operation: "Create", Status: 409, Code: "CheckoutSuperseded"},
		{Operation: "Create", Status: 409, Code: "AlreadyPaid"},
		{Operation: "Create", Status: 400, Code: "NotEmpty"},
		{Operation: "Create", Status: 200, Outcome: server.OutcomeReplayed},
		// BillRun's failures are 200s; the code tells.
		{Operation: "BillRun", Status: 200, Code: "AlreadyPaid"},
		{Operation: "BillRun", Status: 200},
		{Operation: "Hook", Status: 200},
		{Operation: "Hook", Status: 200, Outcome: server.OutcomeDuplicate},
		{Operation: "Hook", Status: 200, Outcome: server.OutcomeIgnored},
		{Operation: "Hook", Status: 400, Code: "SignatureVerificationFailed"},
		{Operation: "Hook", Status: 500, Code: "Exception"},
		{Operation: "Other", Status: 200, Format: formats.XML, Predefined: true},
		{Status: 404, Format: formats.JSON, JSONP: true, Duration: time.Millisecond},
	} {
		m.Observe(o)
	}
	for _, c := range []struct {
		got  float64
		want float64
		what string
	}{
		{testutil.ToFloat64(m.checkouts.WithLabelValues("Create", "created")), 1, "created"},
		{testutil.ToFloat64(m.checkouts.WithLabelValues("Create", "superseded")), 1, "superseded"},
		{testutil.ToFloat64(m.checkouts.WithLabelValues("Create", "refused")), 1, "refused"},
		{testutil.ToFloat64(m.checkouts.WithLabelValues("BillRun", "refused")), 1, "BillRun refused with 200"},
		{testutil.ToFloat64(m.checkouts.WithLabelValues("BillRun", "created")), 1, "BillRun created"},
		{testutil.ToFloat64(m.replays.WithLabelValues("Create")), 1, "replays"},
		{testutil.ToFloat64(m.notifications.WithLabelValues("Hook", "applied", "")), 1, "applied"},
		{testutil.ToFloat64(m.notifications.WithLabelValues("Hook", "duplicate", "")), 1, "duplicate"},
		{testutil.ToFloat64(m.notifications.WithLabelValues("Hook", "ignored", "")), 1, "ignored"},
		{testutil.ToFloat64(m.notifications.WithLabelValues("Hook", "rejected", "SignatureVerificationFailed")), 1, "rejected"},
		{testutil.ToFloat64(m.notifications.WithLabelValues("Hook", "rejected", "Exception")), 1, "failed"},
		{testutil.ToFloat64(m.requests.WithLabelValues("Other", "predefined", "xml", "200")), 1, "predefined xml"},
		{testutil.ToFloat64(m.requests.WithLabelValues("none", "none", "jsonp", "404")), 1, "unmatched jsonp"},
		{float64(testutil.CollectAndCount(m.checkouts)), 5, "checkout series"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestTransportOutcomes(t *testing.T) {
	m := New(nil)
	status := http.StatusOK
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	c := &http.Client{Transport: m.Transport("payson", nil)}
	for _, s := range []int{200, 201, 400, 401, 429, 500, 503} {
		status = s
		resp, err := c.Get(provider.URL + "/2.0/Checkouts/6f9619ff-8b86-d011-b42d-00c04fc964ff")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	provider.Close()
	if _, err := c.Get(provider.URL + "/2.0/Accounts"); err == nil {
		t.Fatal("a closed server answered")
	}
	call := "GET /2.0/Checkouts/{id}"
	for outcome, want := range map[string]float64{"ok": 2, "refused": 2, "failed": 3} {
		if got := testutil.ToFloat64(m.providerCalls.WithLabelValues("payson", call, outcome)); got != want {
			t.Errorf("%s: %v, want %v", outcome, got, want)
		}
	}
	if got := testutil.ToFloat64(m.providerCalls.WithLabelValues("payson", "GET /2.0/Accounts", "unreachable")); got != 1 {
		t.Errorf("unreachable: %v", got)
	}
}

// TestRegistriesApart: two servers in one process count apart.
func TestRegistriesApart(t *testing.T) {
	a, b := New(nil), New(nil)
	a.Observe(server.Observation{Operation: "X", Status: 200})
	if got := testutil.ToFloat64(b.requests.WithLabelValues("X", "custom", "", "200")); got != 0 {
		t.Errorf("b counted a's request: %v", got)
	}
}

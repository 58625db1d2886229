package stripev1_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"paygate/internal/servertest"
	"paygate/providers/stripe/stripetest"
	"paygate/store"
	"paygate/store/storetest"
)

func TestCreateInvalidatesEarlierCheckouts(t *testing.T) {
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	first := e.create(e.massage("booking-3001"))
	second := e.create(e.massage("booking-3001"))
	if first.SessionId == second.SessionId {
		t.Fatal("one session for two checkouts")
	}
	rows := e.checkouts("booking-3001")
	if len(rows) != 2 || rows[0].State != store.CheckoutInvalidated || !rows[0].SessionClosed ||
		rows[1].State != store.CheckoutOpen || rows[1].SessionID != second.SessionId {
		t.Fatalf("rows %+v", rows)
	}
	expires := e.stripe.CallsBelow(http.MethodPost, "/v1/checkout/sessions/")
	if len(expires) != 1 || expires[0].Path != "/v1/checkout/sessions/"+first.SessionId+"/expire" {
		t.Fatalf("expire calls %+v", expires)
	}
	if a := expires[0].Header.Get("Stripe-Account"); a != "acct_1SalongTest" {
		t.Errorf("expire on account %q", a)
	}
	// Other entities of the company keep their checkouts.
	other := e.create(e.massage("booking-3002"))
	if rows := e.checkouts("booking-3001"); rows[1].State != store.CheckoutOpen {
		t.Errorf("another entity's checkout invalidated this one: %+v", rows[1])
	}
	if other.SessionId == "" {
		t.Error("no session")
	}
}

// TestConcurrentCreates fires 50 creates for one entity at once: exactly one
// checkout is left open, every other session is expired at Stripe, and
// every answer is a session or a clear 409.
func TestConcurrentCreates(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		const n = 50
		replies := make([]reply, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				replies[i] = e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-3100"))
			}()
		}
		close(start)
		wg.Wait()

		sessions := map[string]bool{}
		superseded := 0
		for _, r := range replies {
			switch r.Status {
			case http.StatusOK:
				sessions[servertest.Decode[checkoutResponse](t, r, http.StatusOK).SessionId] = true
			case http.StatusConflict:
				servertest.WantError(t, r, http.StatusConflict, "CheckoutSuperseded", "InternalReferenceId")
				superseded++
			default:
				t.Errorf("status %d: %s", r.Status, r.Body)
			}
		}
		rows := e.checkouts("booking-3100")
		if len(rows) != n {
			t.Fatalf("%d rows for %d requests", len(rows), n)
		}
		var open []store.StripeCheckout
		for _, c := range rows {
			switch {
			case c.State == store.CheckoutOpen:
				open = append(open, c)
			case c.State != store.CheckoutInvalidated || !c.SessionClosed || c.SessionID == "":
				t.Errorf("row left %s (closed %v, session %q)", c.State, c.SessionClosed, c.SessionID)
			}
		}
		if len(open) != 1 {
			t.Fatalf("%d open checkouts", len(open))
		}
		if !sessions[open[0].SessionID] {
			t.Errorf("the open session %s was answered to no one", open[0].SessionID)
		}
		creates := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
		expires := e.stripe.CallsBelow(http.MethodPost, "/v1/checkout/sessions/")
		if len(creates) != n {
			t.Errorf("%d creates", len(creates))
		}
		keys := map[string]bool{}
		for _, c := range creates {
			keys[c.Header.Get("Idempotency-Key")] = true
		}
		if len(keys) != n {
			t.Errorf("%d distinct idempotency keys for %d rows", len(keys), n)
		}
		expired := map[string]bool{}
		for _, x := range expires {
			expired[strings.TrimSuffix(strings.TrimPrefix(x.Path, "/v1/checkout/sessions/"), "/expire")] = true
		}
		for _, c := range rows {
			if c.State != store.CheckoutOpen && !expired[c.SessionID] {
				t.Errorf("session %s of an invalidated checkout was never expired", c.SessionID)
			}
		}
		if expired[open[0].SessionID] {
			t.Error("the open session was expired")
		}
		t.Logf("%d answered a session, %d superseded, %d expire calls", len(sessions), superseded, len(expires))
	})
}

// standIn sits in front of stripe-mock and answers some calls itself, the
// way Stripe fails and stripe-mock never does.
type standIn struct {
	mu      sync.Mutex
	answers map[string]func(w http.ResponseWriter) // "POST /v1/checkout/sessions"; prefix match with a trailing "*"
}

func newStandIn(t *testing.T) (*standIn, string) {
	target, err := url.Parse(stripetest.Start(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	s := &standIn{answers: map[string]func(http.ResponseWriter){}}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if answer := s.answer(r.Method + " " + r.URL.Path); answer != nil {
			answer(w)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func (s *standIn) answer(call string) func(http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, f := range s.answers {
		if k == call || strings.HasSuffix(k, "*") && strings.HasPrefix(call, strings.TrimSuffix(k, "*")) {
			return f
		}
	}
	return nil
}

func (s *standIn) set(call string, f func(http.ResponseWriter)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f == nil {
		delete(s.answers, call)
		return
	}
	s.answers[call] = f
}

func stripeJSON(status int, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Request-Id", "req_standin")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

func TestCreateCheckoutStripeFailures(t *testing.T) {
	si, base := newStandIn(t)
	e := newEnv(t, envOptions{stripeBase: base})
	const create = "POST /v1/checkout/sessions"
	tests := []struct {
		name   string
		answer func(http.ResponseWriter)
		status int
		code   string
		msg    string
	}{
		{"refused", stripeJSON(400, `{"error":{"type":"invalid_request_error","code":"amount_too_small","param":"line_items[0][price_data][unit_amount]","message":"The Checkout Session's total amount due must add up to at least kr3.00 sek"}}`),
			http.StatusBadRequest, "StripeRequestError", "must add up to at least kr3.00 sek"},
		{"server error", stripeJSON(500, `{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}`),
			http.StatusBadGateway, "StripeUnavailable", "could not be reached"},
		{"not Stripe", func(w http.ResponseWriter) { w.WriteHeader(503); fmt.Fprint(w, "<html>maintenance</html>") },
			http.StatusBadGateway, "StripeUnavailable", "could not be reached"},
		{"connection dropped", func(w http.ResponseWriter) {
			c, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				c.Close()
			}
		}, http.StatusBadGateway, "StripeUnavailable", "could not be reached"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := fmt.Sprintf("booking-4%03d", i)
			si.set(create, tt.answer)
			rs := servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage(ref)), tt.status, tt.code)
			if !strings.Contains(rs.ResponseStatus.Message, tt.msg) {
				t.Errorf("message %q", rs.ResponseStatus.Message)
			}
			if tt.status == http.StatusBadRequest && rs.ResponseStatus.Meta["StripeCode"] != "amount_too_small" {
				t.Errorf("meta %v", rs.ResponseStatus.Meta)
			}
			rows := e.checkouts(ref)
			si.set(create, nil)
			if tt.status == http.StatusBadRequest {
				// A refusal leaves no doubt: the row is failed at once.
				if len(rows) != 1 || rows[0].State != store.CheckoutFailed || rows[0].Failure == "" || !rows[0].SessionClosed {
					t.Fatalf("rows %+v", rows)
				}
			} else {
				// Stripe may have made the session: the row waits for
				// the recoverer, which asks again under the same key.
				if len(rows) != 1 || rows[0].State != store.CheckoutCreating || len(e.attempts()) != 1 {
					t.Fatalf("rows %+v, attempts %+v", rows, e.attempts())
				}
				if n := e.recover(); n != 1 {
					t.Fatalf("recoverer settled %d attempts", n)
				}
				if rows = e.checkouts(ref); rows[0].State != store.CheckoutOpen || rows[0].SessionID == "" || len(e.attempts()) != 0 {
					t.Fatalf("after recovery: rows %+v, attempts %+v", rows, e.attempts())
				}
			}
			// Stripe back: the same entity gets its checkout.
			e.create(e.massage(ref))
			rows = e.checkouts(ref)
			if len(rows) != 2 || rows[1].State != store.CheckoutOpen || rows[0].State == store.CheckoutOpen {
				t.Fatalf("rows %+v", rows)
			}
		})
	}
}

func TestCreateCheckoutStripeUnreachable(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	base := dead.URL
	dead.Close()
	e := newEnv(t, envOptions{stripeBase: base})
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-4100")), http.StatusBadGateway, "StripeUnavailable")
	if rows := e.checkouts("booking-4100"); len(rows) != 1 || rows[0].State != store.CheckoutCreating {
		t.Fatalf("rows %+v", rows)
	}
	// Still unreachable: the recoverer records why and tries later.
	if n := e.recover(); n != 0 {
		t.Fatalf("settled %d attempts against a dead Stripe", n)
	}
	if a := e.attempts(); len(a) != 1 || a[0].Tries != 1 || a[0].LastError == "" || !a[0].ReviewAt.IsZero() {
		t.Fatalf("attempts %+v", a)
	}
}

// TestExpireFailures covers the earlier session that cannot be expired:
// Stripe unreachable (the new checkout waits for a retry), and Stripe
// refusing because the customer just paid it (the entity is paid).
func TestExpireFailures(t *testing.T) {
	si, base := newStandIn(t)
	e := newEnv(t, envOptions{stripeBase: base})
	first := e.create(e.massage("booking-4200"))

	si.set("POST /v1/checkout/sessions/*", stripeJSON(500, `{"error":{"type":"api_error","message":"Something went wrong."}}`))
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-4200")), http.StatusBadGateway, "StripeUnavailable")
	rows := e.checkouts("booking-4200")
	if len(rows) != 2 || rows[0].State != store.CheckoutInvalidated || rows[0].SessionClosed || rows[1].State != store.CheckoutCreating {
		t.Fatalf("rows %+v", rows)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")); n != 1 {
		t.Fatalf("a session was created while the earlier one stayed payable (%d creates)", n)
	}

	// Retried while the customer completes the earlier session: Stripe
	// refuses the expiry, the read-back shows it paid.
	si.set("POST /v1/checkout/sessions/*", stripeJSON(400, `{"error":{"type":"invalid_request_error","message":"Only Checkout Sessions with a status in [\"open\"] can be expired."}}`))
	si.set("GET /v1/checkout/sessions/*", stripeJSON(200, `{"id":"`+first.SessionId+`","object":"checkout.session","status":"complete","payment_status":"paid","mode":"payment"}`))
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-4200")), http.StatusConflict, "AlreadyPaid", "InternalReferenceId")
	rows = e.checkouts("booking-4200")
	if rows[0].State != store.CheckoutComplete || rows[0].PaymentStatus != store.PaymentPaid || rows[2].State != store.CheckoutFailed {
		t.Fatalf("rows %+v", rows)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")); n != 1 {
		t.Fatalf("%d creates for a paid entity", n)
	}
}

// TestCreateCheckoutOutOfTime lets Stripe take longer than a create may:
// the caller gets 504, never a success, and the row is left for the
// recoverer, which opens it with the session Stripe made.
func TestCreateCheckoutOutOfTime(t *testing.T) {
	si, base := newStandIn(t)
	e := newEnv(t, envOptions{stripeBase: base, attemptTimeout: 200 * time.Millisecond})
	si.set("POST /v1/checkout/sessions", func(http.ResponseWriter) { time.Sleep(time.Second) })
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-4300")), http.StatusGatewayTimeout, "StripeUnavailable")
	rows := e.checkouts("booking-4300")
	if len(rows) != 1 || rows[0].State != store.CheckoutCreating || len(e.attempts()) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	si.set("POST /v1/checkout/sessions", nil)
	if n := e.recover(); n != 1 {
		t.Fatalf("settled %d", n)
	}
	if rows = e.checkouts("booking-4300"); rows[0].State != store.CheckoutOpen || rows[0].SessionID == "" {
		t.Fatalf("rows %+v", rows)
	}
}

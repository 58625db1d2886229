package payments_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"paygate/store/storetest"
)

const oneShot = `{"customer_id":"c-1","amount_cents":1200,"order_id":"o-1"}`

func TestIdempotentReplay(t *testing.T) {
	e := newEnv(t)
	first := e.checkout(t, oneShot, "Idempotency-Key", "key-1")
	p := created(t, first)
	if first.Header.Get("Idempotent-Replayed") != "" {
		t.Error("a first response says it is replayed")
	}
	// Same request, other spelling: members reordered, spaced.
	again := e.checkout(t, `{ "order_id": "o-1", "amount_cents": 1200, "customer_id": "c-1" }`, "Idempotency-Key", "key-1")
	created(t, again)
	if again.String() != first.String() || again.Header.Get("Location") != first.Header.Get("Location") {
		t.Errorf("replay %s\nfirst  %s", again, first)
	}
	if again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("Idempotent-Replayed %q", again.Header.Get("Idempotent-Replayed"))
	}
	if n := e.calls(createPI); n != 1 {
		t.Errorf("%d PaymentIntents for one key", n)
	}
	if n := e.countRows(t, "payments"); n != 1 {
		t.Errorf("%d payments for one key", n)
	}
	if got := e.do(t, http.MethodGet, "/v1/payments/"+p.ID, "reader", nil); got.Status != 200 {
		t.Errorf("GET %d", got.Status)
	}
}

func TestIdempotencyKeyReusedWithOtherBody(t *testing.T) {
	e := newEnv(t)
	created(t, e.checkout(t, oneShot, "Idempotency-Key", "key-1"))
	failed(t, e.checkout(t, `{"customer_id":"c-1","amount_cents":1300,"order_id":"o-1"}`, "Idempotency-Key", "key-1"),
		http.StatusUnprocessableEntity, "idempotency_key_reused", "Idempotency-Key")
	if n := e.calls(createPI); n != 1 {
		t.Errorf("%d PaymentIntents", n)
	}
}

func TestIdempotencyKeyIsPerCaller(t *testing.T) {
	e := newEnv(t)
	a := created(t, e.checkout(t, oneShot, "Idempotency-Key", "shared"))
	b := created(t, e.do(t, http.MethodPost, "/v1/checkout", "writer2", []byte(oneShot), "Idempotency-Key", "shared"))
	c := created(t, e.do(t, http.MethodPost, "/v1/checkout", "other", []byte(oneShot), "Idempotency-Key", "shared"))
	if a.ID == b.ID || a.ID == c.ID || b.ID == c.ID {
		t.Errorf("callers share a key: %s %s %s", a.ID, b.ID, c.ID)
	}
}

func TestIdempotencyKeyExpiresAfterADay(t *testing.T) {
	e := newEnv(t)
	a := created(t, e.checkout(t, oneShot, "Idempotency-Key", "daily"))
	e.Clock.Advance(23 * time.Hour)
	if r := e.checkout(t, oneShot, "Idempotency-Key", "daily"); r.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay within 24 h: %d %s", r.Status, r)
	}
	e.Clock.Advance(time.Hour + time.Second)
	r := e.checkout(t, oneShot, "Idempotency-Key", "daily")
	b := created(t, r)
	if b.ID == a.ID || r.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("after 24 h the key still replays %s", r)
	}
}

func TestIdempotencyKeyFormat(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name   string
		header []string
	}{
		{"too long", []string{"Idempotency-Key", strings.Repeat("k", 256)}},
		{"not ASCII", []string{"Idempotency-Key", "clé"}},
		{"two keys", []string{"Idempotency-Key", "a", "Idempotency-Key", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed(t, e.checkout(t, oneShot, tc.header...), http.StatusBadRequest, "invalid_idempotency_key", "Idempotency-Key")
		})
	}
	created(t, e.checkout(t, oneShot, "Idempotency-Key", strings.Repeat("k", 255)))
	created(t, e.checkout(t, oneShot, "Idempotency-Key", `a key with spaces & "quotes" ~!`))
	if n := e.calls(createPI); n != 2 {
		t.Errorf("%d PaymentIntents", n)
	}
}

// gate holds every PaymentIntent create until opened.
type gate struct {
	reached chan struct{}
	open    chan struct{}
	once    sync.Once
}

func holdPaymentIntents(e *env) *gate {
	g := &gate{reached: make(chan struct{}), open: make(chan struct{})}
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/payment_intents" {
			g.once.Do(func() { close(g.reached) })
			<-g.open
		}
		return nil, nil
	})
	return g
}

func TestIdempotencyKeyInFlight(t *testing.T) {
	e := newEnv(t)
	g := holdPaymentIntents(e)
	done := make(chan reply)
	go func() { done <- e.checkout(t, oneShot, "Idempotency-Key", "slow") }()
	<-g.reached

	r := e.checkout(t, oneShot, "Idempotency-Key", "slow")
	failed(t, r, http.StatusConflict, "idempotency_conflict", "still being processed")
	if r.Header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	failed(t, e.checkout(t, `{"customer_id":"other","amount_cents":1}`, "Idempotency-Key", "slow"),
		http.StatusUnprocessableEntity, "idempotency_key_reused", "another request body")

	close(g.open)
	first := created(t, <-done)
	replayed := e.checkout(t, oneShot, "Idempotency-Key", "slow")
	if created(t, replayed).ID != first.ID || replayed.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("after completion: %s", replayed)
	}
	if n := e.calls(createPI); n != 1 {
		t.Errorf("%d PaymentIntents", n)
	}
}

func TestConcurrentSameKey(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		// Slow Stripe down a little so that the requests overlap.
		e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
			time.Sleep(20 * time.Millisecond)
			return nil, nil
		})
		const n = 12
		start := make(chan struct{})
		replies := make([]reply, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				replies[i] = e.checkout(t, oneShot, "Idempotency-Key", "burst")
			})
		}
		close(start)
		wg.Wait()
		ids := map[string]bool{}
		conflicts := 0
		for _, r := range replies {
			switch r.Status {
			case http.StatusCreated:
				ids[created(t, r).ID] = true
			case http.StatusConflict:
				failed(t, r, http.StatusConflict, "idempotency_conflict", "Idempotency-Key")
				conflicts++
			default:
				t.Errorf("status %d: %s", r.Status, r)
			}
		}
		t.Logf("%d requests: %d answered 201 (one payment), %d answered 409", n, n-conflicts, conflicts)
		if len(ids) != 1 {
			t.Errorf("%d distinct payments for one key", len(ids))
		}
		if c := e.calls(createPI); c != 1 {
			t.Errorf("%d PaymentIntents for one key", c)
		}
		if c := e.countRows(t, "payments"); c != 1 {
			t.Errorf("%d payments for one key", c)
		}
	})
}

func TestRetryAfterStripeFailureCreatesOnce(t *testing.T) {
	e := newEnv(t)
	var keys, paymentIDs []string
	fail := true
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path != "/v1/payment_intents" {
			return nil, nil
		}
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		paymentIDs = append(paymentIDs, readForm(t, r).Get("metadata[payment_id]"))
		if fail {
			fail = false
			return nil, errors.New("connection reset by peer")
		}
		return nil, nil
	})
	failed(t, e.checkout(t, oneShot, "Idempotency-Key", "retry-me"), http.StatusBadGateway, "stripe_error", "Stripe")
	if n := e.countRows(t, "payments"); n != 0 {
		t.Fatalf("%d payments after a failed create", n)
	}
	// Bound to its body even though it failed: Stripe may have the first
	// attempt under the same key.
	failed(t, e.checkout(t, `{"customer_id":"c-1","amount_cents":1}`, "Idempotency-Key", "retry-me"),
		http.StatusUnprocessableEntity, "idempotency_key_reused", "Idempotency-Key")
	p := created(t, e.checkout(t, oneShot, "Idempotency-Key", "retry-me"))
	if len(keys) != 2 || keys[0] == "" || keys[0] != keys[1] {
		t.Errorf("Stripe idempotency keys %q: a retry must repeat the first", keys)
	}
	if len(paymentIDs) != 2 || paymentIDs[0] != p.ID || paymentIDs[1] != p.ID {
		t.Errorf("metadata[payment_id] %q, payment %s", paymentIDs, p.ID)
	}
}

func TestFailureBeforeStripeFreesTheKey(t *testing.T) {
	e := newEnv(t)
	failed(t, e.checkout(t, `{"customer_id":"c","amount_cents":100,"promo_code":"NOPE"}`, "Idempotency-Key", "k"),
		http.StatusBadRequest, "invalid_promo_code", "NOPE")
	// Nothing was created under the key, so the corrected request may use it.
	created(t, e.checkout(t, `{"customer_id":"c","amount_cents":100}`, "Idempotency-Key", "k"))
}

func TestEveryCreateCarriesAKey(t *testing.T) {
	e := newEnv(t)
	var keys []string
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost {
			keys = append(keys, r.URL.Path+" "+r.Header.Get("Idempotency-Key"))
		}
		return nil, nil
	})
	a := created(t, e.checkout(t, oneShot))
	b := created(t, e.checkout(t, oneShot))
	created(t, e.checkout(t, `{"customer_id":"c-9","subscription_plan_id":"price_monthly"}`))
	if a.ID == b.ID {
		t.Error("requests without Idempotency-Key were merged")
	}
	seen := map[string]bool{}
	for _, k := range keys {
		path, key, _ := strings.Cut(k, " ")
		if !strings.HasPrefix(key, "paygate:") {
			t.Errorf("%s created without our idempotency key (%q)", path, key)
		}
		if path != "/v1/customers" && seen[key] {
			t.Errorf("%s reuses key %s", path, key)
		}
		seen[key] = true
	}
	if len(keys) != 5 { // customer c-1, two PaymentIntents, customer c-9, a subscription
		t.Errorf("creates %q", keys)
	}
}

// A retry that takes over a key whose earlier attempt reached Stripe, and
// then fails before its own create, must not free the key: Stripe holds
// the earlier attempt's object under the key's payment id, and a later retry
// has to send that same id again, not a new one.
func TestFailureBeforeStripeOnRetryKeepsTheKey(t *testing.T) {
	e := newEnv(t)
	const body = `{"customer_id":"c","amount_cents":10000,"promo_code":"FALL20"}`
	var keys []string
	lostAnswer, lookupDown := true, false
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		switch {
		case r.URL.Path == "/v1/promotion_codes" && lookupDown:
			return nil, errors.New("connection reset by peer")
		case r.URL.Path == "/v1/payment_intents":
			keys = append(keys, r.Header.Get("Idempotency-Key"))
			if lostAnswer {
				// Stripe creates the PaymentIntent; its answer is lost.
				lostAnswer = false
				if resp, err := http.DefaultTransport.RoundTrip(r); err == nil {
					resp.Body.Close()
				}
				return nil, errors.New("connection reset by peer")
			}
		}
		return nil, nil
	})
	failed(t, e.checkout(t, body, "Idempotency-Key", "k"), http.StatusBadGateway, "stripe_error", "Stripe")
	lookupDown = true
	failed(t, e.checkout(t, body, "Idempotency-Key", "k"), http.StatusBadGateway, "stripe_error", "Stripe")
	lookupDown = false
	created(t, e.checkout(t, body, "Idempotency-Key", "k"))
	if len(keys) != 2 || keys[0] != keys[1] {
		t.Errorf("PaymentIntent creates under Stripe keys %q: one request got two PaymentIntents", keys)
	}
}

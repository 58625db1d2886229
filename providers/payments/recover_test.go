package payments_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"paygate/internal/faultproxy"
	"paygate/providers/payments"
	"paygate/recovery"
	"paygate/recovery/recoverytest"
)

// recover runs one sweep of the recoverer, with every attempt due.
func (e *env) recover(t *testing.T) int {
	t.Helper()
	return recoverytest.Sweep(t, e.DB, map[string]recovery.Settler{payments.AttemptKind: payments.NewSettler(e.Deps)}, e.Clock.Now)
}

// TestRecoveryWithIdempotencyKey loses Stripe's answer to the
// PaymentIntent create. The recoverer makes it again under the payment's
// Stripe key (the proxy, as Stripe, answers with the first PaymentIntent
// only for identical parameters), records the payment and completes the
// Idempotency-Key, so the caller's retry replays it: one PaymentIntent.
func TestRecoveryWithIdempotencyKey(t *testing.T) {
	e := newEnv(t, envOptions{faults: true, attempt: 300 * time.Millisecond})
	for _, mode := range []faultproxy.Mode{faultproxy.Garbage, faultproxy.Hang} {
		t.Run(mode.String(), func(t *testing.T) {
			key := "recover-" + mode.String()
			e.Faults.Set(http.MethodPost, "/v1/payment_intents", mode)
			r := e.checkout(t, oneShot, "Idempotency-Key", key)
			want := map[faultproxy.Mode]int{faultproxy.Garbage: http.StatusBadGateway, faultproxy.Hang: http.StatusGatewayTimeout}[mode]
			if r.Status != want {
				t.Fatalf("create: %d %s", r.Status, r)
			}
			e.Faults.Clear()
			before := len(e.Faults.Exchanges(http.MethodPost, "/v1/payment_intents"))
			if n := e.recover(t); n != 1 {
				t.Fatalf("settled %d", n)
			}
			made := e.Faults.Exchanges(http.MethodPost, "/v1/payment_intents")
			if len(made) != before+1 || !made[len(made)-1].Replayed || made[len(made)-1].Status != http.StatusOK {
				t.Fatalf("the recoverer's create was not the first one replayed: %+v", made[len(made)-1].Status)
			}
			again := e.checkout(t, oneShot, "Idempotency-Key", key)
			p := created(t, again)
			var first struct{ ID string }
			if err := json.Unmarshal(made[0].Response, &first); err != nil {
				t.Fatal(err)
			}
			if again.Header.Get("Idempotent-Replayed") != "true" || p.StripePaymentIntentID == nil {
				t.Fatalf("retry after recovery: %s %s", again.Header, again)
			}
			if n := len(e.Faults.Exchanges(http.MethodPost, "/v1/payment_intents")); n != len(made) {
				t.Errorf("the retry made %d more PaymentIntent calls", n-len(made))
			}
		})
	}
}

// TestRecoveryWithoutIdempotencyKey: a create without a key whose answer
// was lost is still recorded, so paygate knows every PaymentIntent made.
func TestRecoveryWithoutIdempotencyKey(t *testing.T) {
	e := newEnv(t, envOptions{faults: true})
	e.Faults.Set(http.MethodPost, "/v1/payment_intents", faultproxy.Reset)
	if r := e.checkout(t, oneShot); r.Status != http.StatusBadGateway {
		t.Fatalf("create: %d %s", r.Status, r)
	}
	e.Faults.Clear()
	if n := e.countRows(t, "payments"); n != 0 {
		t.Fatalf("%d payments before recovery", n)
	}
	if n := e.recover(t); n != 1 {
		t.Fatalf("settled %d", n)
	}
	e.wantFirstRecorded(t)
}

// wantFirstRecorded checks that the one payment is recorded with the first
// PaymentIntent Stripe made, and nothing is left in flight.
func (e *env) wantFirstRecorded(t *testing.T) {
	t.Helper()
	var first struct{ ID string }
	if err := json.Unmarshal(e.Faults.Exchanges(http.MethodPost, "/v1/payment_intents")[0].Response, &first); err != nil {
		t.Fatal(err)
	}
	var pi string
	if err := e.DB.Pool().QueryRow(`SELECT stripe_payment_intent_id FROM payments`).Scan(&pi); err != nil || pi != first.ID {
		t.Fatalf("payment's PaymentIntent %q (%v), made %q", pi, err, first.ID)
	}
	if n := e.countRows(t, "provider_attempts"); n != 0 {
		t.Fatalf("%d attempts left", n)
	}
}

// TestRecoveryAfterTheKeyWindow settles creates left in flight for longer
// than Stripe keeps idempotency keys, where a re-issue could make a second
// PaymentIntent. The recoverer finds the PaymentIntent Stripe made by its
// metadata and records it, without another create; where Stripe made none
// (a 500), the search finds none and the PaymentIntent is made now.
func TestRecoveryAfterTheKeyWindow(t *testing.T) {
	for _, tt := range []struct {
		mode    faultproxy.Mode
		creates int // by the recoverer
	}{{faultproxy.Reset, 0}, {faultproxy.Status500, 1}} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			e := newEnv(t, envOptions{faults: true})
			e.Faults.Set(http.MethodPost, "/v1/payment_intents", tt.mode)
			if r := e.checkout(t, oneShot); r.Status != http.StatusBadGateway {
				t.Fatalf("create: %d %s", r.Status, r)
			}
			e.Faults.Clear()
			before := len(e.Faults.Exchanges(http.MethodPost, "/v1/payment_intents"))
			e.Clock.Advance(25 * time.Hour)
			if n := e.recover(t); n != 1 {
				t.Fatalf("settled %d", n)
			}
			made := e.Faults.Exchanges(http.MethodPost, "/v1/payment_intents")
			if len(made)-before != tt.creates {
				t.Fatalf("the recoverer made %d PaymentIntent creates, want %d", len(made)-before, tt.creates)
			}
			if n := len(e.Faults.Exchanges(http.MethodGet, "/v1/payment_intents/search")); n != 1 {
				t.Fatalf("%d searches", n)
			}
			e.wantFirstRecorded(t)
		})
	}
}

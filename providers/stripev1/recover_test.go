package stripev1_test

import (
	"net/http"
	"testing"
	"time"

	"paygate/internal/servertest"
	"paygate/store"
)

// TestAttemptStartsByTheClock: the attempt a create leaves in flight is
// dated by the surface's clock, which the recoverer's age rule reads.
func TestAttemptStartsByTheClock(t *testing.T) {
	si, base := newStandIn(t)
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	e := newEnv(t, envOptions{stripeBase: base, attemptTimeout: 200 * time.Millisecond, now: func() time.Time { return at }})
	si.set("POST /v1/checkout/sessions", func(http.ResponseWriter) { time.Sleep(time.Second) })
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-4500")), http.StatusGatewayTimeout, "StripeUnavailable")
	if a := e.attempts(); len(a) != 1 || !a[0].StartedAt.Equal(at) {
		t.Fatalf("attempts %+v, want one started at %s", a, at)
	}
}

// TestRecoveryClosesReplacedAttempt: a create that ran out of time is
// replaced by a newer one before the recoverer comes; Stripe made a session
// for it all the same, and the recoverer finds it under the row's key and
// expires it, so the entity keeps one payable session.
func TestRecoveryClosesReplacedAttempt(t *testing.T) {
	si, base := newStandIn(t)
	e := newEnv(t, envOptions{stripeBase: base, attemptTimeout: 200 * time.Millisecond})
	si.set("POST /v1/checkout/sessions", func(http.ResponseWriter) { time.Sleep(time.Second) })
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-4400")), http.StatusGatewayTimeout, "StripeUnavailable")
	si.set("POST /v1/checkout/sessions", nil)
	e.create(e.massage("booking-4400"))
	rows := e.checkouts("booking-4400")
	if len(rows) != 2 || rows[0].State != store.CheckoutInvalidated || rows[0].SessionID != "" || rows[1].State != store.CheckoutOpen {
		t.Fatalf("rows %+v", rows)
	}
	if n := e.recover(); n != 1 {
		t.Fatalf("settled %d", n)
	}
	rows = e.checkouts("booking-4400")
	if rows[0].State != store.CheckoutInvalidated || rows[0].SessionID == "" || !rows[0].SessionClosed || rows[1].State != store.CheckoutOpen {
		t.Fatalf("after recovery: rows %+v", rows)
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions/"+rows[0].SessionID+"/expire")); n != 1 {
		t.Fatalf("%d expire calls for the replaced attempt's session", n)
	}
	if a := e.attempts(); len(a) != 0 {
		t.Fatalf("attempts left %+v", a)
	}
}

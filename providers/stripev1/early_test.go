package stripev1_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"paygate/internal/servertest"
	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
	"paygate/store"
	"paygate/store/storetest"
)

// earlySession is the session the stand-in answers a create with, so that
// its events can be sent before the create has its answer.
const earlySession = "cs_test_a1EarlyEventSession"

func earlySessionAnswer() func(http.ResponseWriter) {
	return stripeJSON(http.StatusOK, `{"id":"`+earlySession+`","object":"checkout.session","status":"open",
		"payment_status":"unpaid","url":"https://checkout.stripe.com/c/pay/`+earlySession+`",
		"payment_intent":{"id":"pi_3EarlyEvent","object":"payment_intent","client_secret":"pi_3EarlyEvent_secret_x"}}`)
}

// TestWebhookBeforeSessionRecorded: Stripe delivers a session's completion
// while the create that made the session still waits for Stripe's answer.
// The verified event is answered 200 and kept, not lost; the create applies
// it when it records the session, and a redelivery is a duplicate.
func TestWebhookBeforeSessionRecorded(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		si, base := newStandIn(t)
		e := newEnv(t, envOptions{engine: engine, stripeBase: base})
		e.registerWebhook(`{}`)
		completed := sessionEvent{id: "evt_1EarlyCompleted", typ: "checkout.session.completed", session: earlySession,
			status: "complete", paymentStatus: "paid", customerEmail: "kund@example.se"}
		var early reply
		answer := earlySessionAnswer()
		si.set("POST /v1/checkout/sessions", func(w http.ResponseWriter) {
			early = e.deliver(e.companyQuery(), completed.payload(), stripetest.WebhookSecret, time.Now())
			answer(w)
		})
		e.create(e.massage("booking-4500"))
		got := servertest.Decode[ipnResponse](t, early, http.StatusOK)
		if !got.Success || !strings.Contains(got.Message, "kept") {
			t.Fatalf("early delivery: %+v", got)
		}
		c, err := e.db.StripeCheckoutBySession(t.Context(), e.company, earlySession)
		if err != nil {
			t.Fatal(err)
		}
		if c.State != store.CheckoutComplete || c.PaymentStatus != store.PaymentPaid || c.CustomerEmail != "kund@example.se" {
			t.Fatalf("checkout after its early event: %+v", c)
		}
		if kept, err := e.db.EarlyNotifications(t.Context(), store.EarlyStripeV1, earlySession); err != nil || len(kept) != 0 {
			t.Fatalf("still kept after it was applied: %+v %v", kept, err)
		}
		got = servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), completed.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
		if !strings.Contains(got.Message, "applied before") {
			t.Errorf("redelivery: %+v", got)
		}
	})
}

// TestEarlySweeperAppliesWhatTheCreateMissed: an event kept just after the
// create looked for kept events (or by a create that ended before it could
// apply them) waits for no one: the recoverer's sweep applies it.
func TestEarlySweeperAppliesWhatTheCreateMissed(t *testing.T) {
	si, base := newStandIn(t)
	e := newEnv(t, envOptions{stripeBase: base})
	e.registerWebhook(`{}`)
	si.set("POST /v1/checkout/sessions", earlySessionAnswer())
	e.create(e.massage("booking-4501"))
	expired := sessionEvent{id: "evt_1LateKept", typ: "checkout.session.expired", session: earlySession,
		status: "expired", paymentStatus: "unpaid"}
	err := e.db.KeepEarlyNotification(t.Context(), store.EarlyNotification{Provider: store.EarlyStripeV1,
		EventID: "evt_1LateKept", Ref: earlySession, CompanyID: e.company.String(), Body: expired.payload()})
	if err != nil {
		t.Fatal(err)
	}
	n, err := stripev1.NewEarlySweeper(e.deps).SettleInFlight(t.Context(), 0)
	if err != nil || n != 1 {
		t.Fatalf("swept %d %v", n, err)
	}
	c, err := e.db.StripeCheckoutBySession(t.Context(), e.company, earlySession)
	if err != nil || c.State != store.CheckoutExpired || !c.SessionClosed {
		t.Fatalf("checkout after the sweep: %+v %v", c, err)
	}
	if n, err := stripev1.NewEarlySweeper(e.deps).SettleInFlight(t.Context(), 0); err != nil || n != 0 {
		t.Fatalf("second sweep: %d %v", n, err)
	}
}

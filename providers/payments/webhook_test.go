package payments_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"paygate/apierr"
	"paygate/dto"
	"paygate/providers/payments"
	"paygate/server"
	"paygate/store/storetest"
)

// stripeEvent builds an event as Stripe sends it.
func stripeEvent(id, typ string, created time.Time, object string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"object":"event","api_version":"2023-10-16","type":%q,"created":%d,`+
		`"livemode":false,"data":{"object":%s}}`, id, typ, created.Unix(), object)
}

// deliver posts payload signed with secret.
func (e *env) deliver(t *testing.T, payload []byte, secret string) reply {
	t.Helper()
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: time.Now()})
	return e.do(t, http.MethodPost, "/v1/webhooks/stripe", "", payload, "Stripe-Signature", sig.Header)
}

type webhookResult struct {
	EventID       string `json:"event_id"`
	StripeEventID string `json:"stripe_event_id"`
	EventType     string `json:"event_type"`
	Status        string `json:"status"`
}

// accepted checks a 200 webhook answer and its outcome.
func accepted(t *testing.T, r reply, stripeID, outcome string) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("status %d: %s", r.Status, r)
	}
	var res webhookResult
	decode(t, r, &res)
	if res.StripeEventID != stripeID || res.Status != outcome || res.EventID == "" || res.EventType == "" {
		t.Errorf("result %s, want %s %s", r, stripeID, outcome)
	}
}

func (e *env) get(t *testing.T, id string) payment {
	t.Helper()
	r := e.do(t, http.MethodGet, "/v1/payments/"+id, "reader", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", id, r.Status, r)
	}
	validate(t, "payment", r.Body)
	var p payment
	decode(t, r, &p)
	return p
}

func pi(id, status string) string {
	return fmt.Sprintf(`{"id":%q,"object":"payment_intent","status":%q,"amount":1200,"currency":"usd"}`, id, status)
}

func TestWebhookMovesOneShotPayment(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		p := created(t, e.checkout(t, oneShot))
		piID := *p.StripePaymentIntentID
		t0 := time.Now()

		steps := []struct {
			id, typ, status, want string
		}{
			{"evt_1", "payment_intent.requires_action", "requires_action", "requires_action"},
			{"evt_2", "payment_intent.processing", "processing", "processing"},
			{"evt_3", "payment_intent.succeeded", "succeeded", "succeeded"},
		}
		last := p.UpdatedAt
		for i, s := range steps {
			e.Clock.Advance(time.Second)
			accepted(t, e.deliver(t, stripeEvent(s.id, s.typ, t0.Add(time.Duration(i)*time.Second), pi(piID, s.status)), webhookSecret), s.id, "processed")
			got := e.get(t, p.ID)
			if got.Status != s.want || got.UpdatedAt == last || got.CreatedAt != p.CreatedAt {
				t.Errorf("after %s: status %s updated_at %s (was %s)", s.typ, got.Status, got.UpdatedAt, last)
			}
			last = got.UpdatedAt
		}

		// Stripe does not deliver in order: an older event changes nothing.
		accepted(t, e.deliver(t, stripeEvent("evt_0", "payment_intent.processing", t0.Add(-time.Minute), pi(piID, "processing")), webhookSecret), "evt_0", "ignored")
		if got := e.get(t, p.ID); got.Status != "succeeded" || got.UpdatedAt != last {
			t.Errorf("a stale event moved the payment: %+v", got)
		}

		// A repeated delivery is acknowledged, so Stripe stops resending it,
		// and changes nothing.
		accepted(t, e.deliver(t, stripeEvent("evt_2", "payment_intent.processing", t0.Add(time.Hour), pi(piID, "processing")), webhookSecret), "evt_2", "duplicate")
		if got := e.get(t, p.ID); got.Status != "succeeded" {
			t.Errorf("a duplicate moved the payment to %s", got.Status)
		}
		if n := e.countRows(t, "payment_stripe_events"); n != 4 {
			t.Errorf("%d events recorded", n)
		}
	})
}

func TestWebhookFailureAndCancellation(t *testing.T) {
	e := newEnv(t)
	a := created(t, e.checkout(t, oneShot))
	b := created(t, e.checkout(t, oneShot))
	now := time.Now()
	failedPI := fmt.Sprintf(`{"id":%q,"object":"payment_intent","status":"requires_payment_method",`+
		`"last_payment_error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}`, *a.StripePaymentIntentID)
	accepted(t, e.deliver(t, stripeEvent("evt_f", "payment_intent.payment_failed", now, failedPI), webhookSecret), "evt_f", "processed")
	accepted(t, e.deliver(t, stripeEvent("evt_c", "payment_intent.canceled", now, pi(*b.StripePaymentIntentID, "canceled")), webhookSecret), "evt_c", "processed")
	if got := e.get(t, a.ID).Status; got != "failed" {
		t.Errorf("declined payment is %s", got)
	}
	if got := e.get(t, b.ID).Status; got != "canceled" {
		t.Errorf("canceled payment is %s", got)
	}
}

func TestWebhookMovesSubscriptionPayment(t *testing.T) {
	e := newEnv(t)
	p := created(t, e.checkout(t, `{"customer_id":"c","subscription_plan_id":"price_monthly"}`))
	sub := *p.SubscriptionID
	now := time.Now()
	renewal := fmt.Sprintf(`{"id":"in_2","object":"invoice","billing_reason":"subscription_cycle","subscription":%q,"payment_intent":"pi_renewal"}`, sub)
	accepted(t, e.deliver(t, stripeEvent("evt_r", "invoice.payment_failed", now, renewal), webhookSecret), "evt_r", "ignored")
	if got := e.get(t, p.ID).Status; got != "pending" {
		t.Errorf("a renewal invoice moved the checkout to %s", got)
	}
	first := fmt.Sprintf(`{"id":"in_1","object":"invoice","billing_reason":"subscription_create","subscription":%q,"payment_intent":"pi_first","status":"paid"}`, sub)
	accepted(t, e.deliver(t, stripeEvent("evt_p", "invoice.paid", now, first), webhookSecret), "evt_p", "processed")
	if got := e.get(t, p.ID).Status; got != "succeeded" {
		t.Errorf("after invoice.paid: %s", got)
	}
	deleted := fmt.Sprintf(`{"id":%q,"object":"subscription","status":"canceled"}`, sub)
	accepted(t, e.deliver(t, stripeEvent("evt_d", "customer.subscription.deleted", now.Add(time.Second), deleted), webhookSecret), "evt_d", "processed")
	if got := e.get(t, p.ID).Status; got != "canceled" {
		t.Errorf("after customer.subscription.deleted: %s", got)
	}
}

func TestWebhookIgnoresOthers(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	accepted(t, e.deliver(t, stripeEvent("evt_u", "payment_intent.succeeded", now, pi("pi_unknown", "succeeded")), webhookSecret), "evt_u", "kept")
	accepted(t, e.deliver(t, stripeEvent("evt_ch", "charge.succeeded", now, `{"id":"ch_1","object":"charge"}`), webhookSecret), "evt_ch", "ignored")
	accepted(t, e.deliver(t, stripeEvent("evt_ic", "invoice.created", now, `{"id":"in_1","object":"invoice","payment_intent":"pi_x"}`), webhookSecret), "evt_ic", "ignored")
}

func TestWebhookSignature(t *testing.T) {
	e := newEnv(t)
	p := created(t, e.checkout(t, oneShot))
	payload := stripeEvent("evt_s", "payment_intent.succeeded", time.Now(), pi(*p.StripePaymentIntentID, "succeeded"))

	failed(t, e.deliver(t, payload, "whsec_someone_else"), http.StatusUnauthorized, "invalid_signature", "Stripe-Signature")
	failed(t, e.do(t, http.MethodPost, "/v1/webhooks/stripe", "", payload), http.StatusUnauthorized, "invalid_signature", "Stripe-Signature")
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: webhookSecret, Timestamp: time.Now()})
	tampered := append([]byte{}, payload...)
	tampered[len(tampered)-3] = ' '
	failed(t, e.do(t, http.MethodPost, "/v1/webhooks/stripe", "", tampered, "Stripe-Signature", sig.Header),
		http.StatusUnauthorized, "invalid_signature", "Stripe-Signature")
	old := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: webhookSecret, Timestamp: time.Now().Add(-time.Hour)})
	failed(t, e.do(t, http.MethodPost, "/v1/webhooks/stripe", "", payload, "Stripe-Signature", old.Header),
		http.StatusUnauthorized, "invalid_signature", "Stripe-Signature")
	if n := e.countRows(t, "payment_stripe_events"); n != 0 {
		t.Errorf("%d unverified events recorded", n)
	}
	if got := e.get(t, p.ID).Status; got != "pending" {
		t.Errorf("an unverified event moved the payment to %s", got)
	}
	// Signed, but not an event, or an object that is not what its type says.
	failed(t, e.deliver(t, []byte(`{"id":"evt_x","type":"payment_intent.succeeded","data":{"object":[1]}}`), webhookSecret),
		http.StatusBadRequest, "invalid_request", "webhook body")
	failed(t, e.deliver(t, stripeEvent("evt_y", "payment_intent.succeeded", time.Now(), `{"id":5}`), webhookSecret),
		http.StatusBadRequest, "invalid_request", "payment_intent.succeeded")
	if n := e.countRows(t, "payment_stripe_events"); n != 0 {
		t.Errorf("%d unreadable events recorded", n)
	}
}

func TestWebhookWithoutSecret(t *testing.T) {
	none := ""
	e := newEnv(t, envOptions{webhookSecret: &none})
	failed(t, e.deliver(t, stripeEvent("evt_1", "payment_intent.succeeded", time.Now(), pi("pi_1", "succeeded")), ""),
		http.StatusServiceUnavailable, "webhook_not_configured", "PAYGATE_STRIPE_WEBHOOK_SECRET")
}

// Stripe stamps events in whole seconds, and delivers them in any order:
// of two events of one second, the one arriving last is not the later one.
// Within a second a payment only moves forward, so a succeeded payment is
// not set back to processing or pending by an event of the same second.
func TestWebhookSameSecondNeverMovesBackwards(t *testing.T) {
	e := newEnv(t)
	p := created(t, e.checkout(t, oneShot))
	piID := *p.StripePaymentIntentID
	t0 := time.Now()
	accepted(t, e.deliver(t, stripeEvent("evt_a", "payment_intent.requires_action", t0, pi(piID, "requires_action")), webhookSecret), "evt_a", "processed")
	accepted(t, e.deliver(t, stripeEvent("evt_s", "payment_intent.succeeded", t0, pi(piID, "succeeded")), webhookSecret), "evt_s", "processed")
	if got := e.get(t, p.ID).Status; got != "succeeded" {
		t.Fatalf("after a succeeded event of the same second: %s", got)
	}
	accepted(t, e.deliver(t, stripeEvent("evt_p", "payment_intent.processing", t0, pi(piID, "processing")), webhookSecret), "evt_p", "ignored")
	accepted(t, e.deliver(t, stripeEvent("evt_c", "payment_intent.created", t0, pi(piID, "requires_payment_method")), webhookSecret), "evt_c", "ignored")
	if got := e.get(t, p.ID).Status; got != "succeeded" {
		t.Errorf("events of the same second moved a succeeded payment back to %s", got)
	}
}

// TestWebhookWithoutServer calls the webhook handler as a plain function:
// the body and its signature are members of the request, and what the
// server's observer learns is part of the answer.
func TestWebhookWithoutServer(t *testing.T) {
	e := newEnv(t)
	hook := payments.Webhook(e.Deps)
	signed := func(payload []byte, secret string) *dto.StripePaymentsWebhook {
		sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: time.Now()})
		return &dto.StripePaymentsWebhook{Payload: payload, Signature: sig.Header}
	}
	ev := stripeEvent("evt_direct", "payment_intent.succeeded", time.Now(), pi("pi_NoPaymentYet", "succeeded"))
	for i, want := range [][2]string{{"kept", server.OutcomeIgnored}, {"duplicate", server.OutcomeDuplicate}} {
		res, err := hook(t.Context(), signed(ev, webhookSecret))
		if err != nil || res.Status != want[0] || res.Reply.Outcome != want[1] {
			t.Fatalf("delivery %d: %+v, %v; want %v", i+1, res, err, want)
		}
	}
	if _, err := hook(t.Context(), signed(ev, "whsec_forged")); apierr.From(err).Status != http.StatusUnauthorized {
		t.Errorf("forged signature: %v", err)
	}
}

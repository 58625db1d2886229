package stripev1_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"paygate/auth"
	"paygate/dto"
	"paygate/internal/servertest"
	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
	"paygate/server"
	"paygate/store"
	"paygate/store/storetest"
)

type webhookResponse struct {
	Id     string
	Events []string
	Url    string
}

type ipnResponse struct {
	Message string
	Success bool
}

// registerWebhook registers the company's webhook through the API.
func (e *env) registerWebhook(body string) webhookResponse {
	e.t.Helper()
	return servertest.Decode[webhookResponse](e.t, e.postJSON("/payment/stripe/v1/webhook", body, e.admin()...), http.StatusOK)
}

// sessionEvent is a Stripe event about a Checkout Session.
type sessionEvent struct {
	id, typ, session, account string
	status, paymentStatus     string
	apiVersion, customerEmail string
}

func (ev sessionEvent) payload() []byte {
	obj := map[string]any{
		"id": ev.session, "object": "checkout.session", "status": ev.status, "payment_status": ev.paymentStatus,
		"payment_intent": "pi_3PaidByCard", "customer": "cus_Customer1",
		"customer_details": map[string]any{"email": ev.customerEmail},
	}
	v := map[string]any{"id": ev.id, "object": "event", "type": ev.typ, "api_version": stripego.APIVersion,
		"created": time.Now().Unix(), "data": map[string]any{"object": obj}}
	if ev.apiVersion != "" {
		v["api_version"] = ev.apiVersion
	}
	if ev.account != "" {
		v["account"] = ev.account
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// deliver posts payload as Stripe would, signed with secret at time at.
func (e *env) deliver(query string, payload []byte, secret string, at time.Time) reply {
	e.t.Helper()
	sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at})
	return e.do(http.MethodPost, "/payment/stripe/v1/ipncallback"+query, "application/json; charset=utf-8", string(payload),
		"Stripe-Signature", sig.Header)
}

// companyQuery is the query string of the URL registered at Stripe.
func (e *env) companyQuery() string { return "?CompanyId=" + e.company.String() }

func TestWebhookEvents(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		e.registerWebhook(`{}`)
		secret := stripetest.WebhookSecret
		s := e.create(e.massage("booking-2001"))
		row := func() store.StripeCheckout {
			t.Helper()
			c, err := e.db.StripeCheckoutBySession(t.Context(), e.company, s.SessionId)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}

		completed := sessionEvent{id: "evt_1Completed", typ: "checkout.session.completed", session: s.SessionId,
			status: "complete", paymentStatus: "unpaid", customerEmail: "kund@example.se"}
		got := servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), completed.payload(), secret, time.Now()), http.StatusOK)
		if !got.Success || !strings.Contains(got.Message, "complete") {
			t.Errorf("completed: %+v", got)
		}
		c := row()
		if c.State != store.CheckoutComplete || c.PaymentStatus != store.PaymentUnpaid || c.CustomerEmail != "kund@example.se" ||
			c.PaymentIntentID != "pi_3PaidByCard" || c.CustomerID != "cus_Customer1" {
			t.Fatalf("after completed (delayed payment): %+v", c)
		}

		// The delayed payment succeeds; an older expiry arriving late and a
		// replay of the failure change nothing.
		paid := sessionEvent{id: "evt_2Paid", typ: "checkout.session.async_payment_succeeded", session: s.SessionId,
			status: "complete", paymentStatus: "paid"}
		servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), paid.payload(), secret, time.Now()), http.StatusOK)
		if c := row(); c.State != store.CheckoutComplete || c.PaymentStatus != store.PaymentPaid {
			t.Fatalf("after async_payment_succeeded: %+v", c)
		}
		late := sessionEvent{id: "evt_3Late", typ: "checkout.session.expired", session: s.SessionId, status: "expired", paymentStatus: "unpaid"}
		servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), late.payload(), secret, time.Now()), http.StatusOK)
		failed := sessionEvent{id: "evt_4Failed", typ: "checkout.session.async_payment_failed", session: s.SessionId, status: "complete", paymentStatus: "unpaid"}
		servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), failed.payload(), secret, time.Now()), http.StatusOK)
		if c := row(); c.State != store.CheckoutComplete || c.PaymentStatus != store.PaymentPaid {
			t.Fatalf("a paid checkout moved back: %+v", c)
		}

		// Replaying the first delivery is answered, and applied no second time.
		before := row()
		got = servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), completed.payload(), secret, time.Now()), http.StatusOK)
		if !got.Success || !strings.Contains(got.Message, "applied before") {
			t.Errorf("replay: %+v", got)
		}
		if after := row(); !reflect.DeepEqual(after, before) {
			t.Errorf("replay changed %+v into %+v", before, after)
		}

		// The entity is paid: another checkout for it is refused.
		rs := servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-2001")), http.StatusConflict, "AlreadyPaid", "InternalReferenceId")
		if !strings.Contains(rs.ResponseStatus.Message, "already paid") {
			t.Errorf("message %q", rs.ResponseStatus.Message)
		}
		if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")); n != 1 {
			t.Errorf("%d session creates, want 1", n)
		}
	})
}

func TestWebhookAsyncFailureAllowsRetry(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.registerWebhook(`{}`)
	s := e.create(e.massage("booking-2002"))
	for _, ev := range []sessionEvent{
		{id: "evt_1", typ: "checkout.session.completed", session: s.SessionId, status: "complete", paymentStatus: "unpaid"},
		{id: "evt_2", typ: "checkout.session.async_payment_failed", session: s.SessionId, status: "complete", paymentStatus: "unpaid"},
	} {
		servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	}
	// While the payment was pending a new checkout was refused; now that it
	// failed the customer may try again.
	if c := e.checkouts("booking-2002")[0]; c.PaymentStatus != store.PaymentFailed {
		t.Fatalf("row %+v", c)
	}
	again := e.create(e.massage("booking-2002"))
	if again.SessionId == s.SessionId {
		t.Error("same session")
	}
}

func TestWebhookPendingPaymentRefusesNewCheckout(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.registerWebhook(`{}`)
	s := e.create(e.massage("booking-2003"))
	ev := sessionEvent{id: "evt_1", typ: "checkout.session.completed", session: s.SessionId, status: "complete", paymentStatus: "unpaid"}
	servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	rs := servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-2003")), http.StatusConflict, "AlreadyPaid", "InternalReferenceId")
	if !strings.Contains(rs.ResponseStatus.Message, "being processed") {
		t.Errorf("message %q", rs.ResponseStatus.Message)
	}
}

func TestWebhookExpired(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.registerWebhook(`{}`)
	s := e.create(e.massage("booking-2004"))
	ev := sessionEvent{id: "evt_1", typ: "checkout.session.expired", session: s.SessionId, status: "expired", paymentStatus: "unpaid"}
	servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	c := e.checkouts("booking-2004")[0]
	if c.State != store.CheckoutExpired || !c.SessionClosed {
		t.Fatalf("row %+v", c)
	}
	// Nothing is left to expire before the next checkout.
	e.create(e.massage("booking-2004"))
	if n := len(e.stripe.CallsBelow(http.MethodPost, "/v1/checkout/sessions/")); n != 0 {
		t.Errorf("%d expire calls for an expired session", n)
	}
}

func TestWebhookConnectedAccount(t *testing.T) {
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	// Connect endpoints are superadmin's to register.
	servertest.Decode[webhookResponse](t, e.postJSON("/payment/stripe/v1/webhook", `{"Connect":true,"CompanyId":"`+e.company.String()+`"}`,
		"Authorization", e.bearer(auth.RoleSuperAdmin, uuid.Nil)), http.StatusOK)
	s := e.create(e.massage("booking-2005"))
	ev := sessionEvent{id: "evt_other", typ: "checkout.session.completed", session: s.SessionId, account: "acct_1Elsewhere",
		status: "complete", paymentStatus: "paid"}
	got := servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	if !strings.Contains(got.Message, "another company or account") {
		t.Errorf("foreign account: %+v", got)
	}
	if c := e.checkouts("booking-2005")[0]; c.State != store.CheckoutOpen {
		t.Fatalf("an event from another account changed %+v", c)
	}
	ev.id, ev.account = "evt_ours", "acct_1SalongTest"
	servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	if c := e.checkouts("booking-2005")[0]; c.State != store.CheckoutComplete || c.PaymentStatus != store.PaymentPaid {
		t.Fatalf("row %+v", c)
	}
}

func TestWebhookRejects(t *testing.T) {
	e := newEnv(t, envOptions{})
	s := e.create(e.massage("booking-2006"))
	ev := sessionEvent{id: "evt_1", typ: "checkout.session.completed", session: s.SessionId, status: "complete", paymentStatus: "paid"}
	payload := ev.payload()
	secret := stripetest.WebhookSecret

	servertest.WantError(t, e.deliver(e.companyQuery(), payload, secret, time.Now()), http.StatusBadRequest, "WebhookNotRegistered")
	e.registerWebhook(`{}`)

	tampered := []byte(strings.Replace(string(payload), `"payment_status":"paid"`, `"payment_status":"no_payment_required"`, 1))
	good := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret}).Header
	tests := []struct {
		name   string
		send   func() reply
		status int
		code   string
	}{
		{"wrong secret", func() reply { return e.deliver(e.companyQuery(), payload, "whsec_guessed", time.Now()) }, 400, "SignatureVerificationFailed"},
		{"too old", func() reply { return e.deliver(e.companyQuery(), payload, secret, time.Now().Add(-301*time.Second)) }, 400, "SignatureVerificationFailed"},
		{"tampered body", func() reply {
			return e.do(http.MethodPost, "/payment/stripe/v1/ipncallback"+e.companyQuery(), "application/json", string(tampered), "Stripe-Signature", good)
		}, 400, "SignatureVerificationFailed"},
		{"no signature", func() reply {
			return e.do(http.MethodPost, "/payment/stripe/v1/ipncallback"+e.companyQuery(), "application/json", string(payload))
		}, 400, "SignatureMissing"},
		{"garbled signature", func() reply {
			return e.do(http.MethodPost, "/payment/stripe/v1/ipncallback"+e.companyQuery(), "application/json", string(payload), "Stripe-Signature", "t=1,v1")
		}, 400, "SignatureVerificationFailed"},
		{"other API version", func() reply {
			old := ev
			old.apiVersion = "2024-04-10"
			return e.deliver(e.companyQuery(), old.payload(), secret, time.Now())
		}, 400, "InvalidEvent"},
		{"bad company id", func() reply { return e.deliver("?CompanyId=salong", payload, secret, time.Now()) }, 400, "SerializationException"},
		{"company without webhooks", func() reply {
			return e.deliver("?CompanyId=6f9619ff-8b86-d011-b42d-00c04fc964ff", payload, secret, time.Now())
		}, 400, "WebhookNotRegistered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.send()
			servertest.WantError(t, r, tt.status, tt.code)
		})
	}
	if c := e.checkouts("booking-2006")[0]; c.State != store.CheckoutOpen {
		t.Fatalf("a refused delivery changed %+v", c)
	}

	// Events that are not ours to act on are acknowledged and change nothing.
	for _, ignored := range []sessionEvent{
		{id: "evt_2", typ: "charge.succeeded", session: s.SessionId, status: "complete", paymentStatus: "paid"},
		{id: "evt_3", typ: "checkout.session.completed", session: "cs_test_NotOurs", status: "complete", paymentStatus: "paid"},
	} {
		got := servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ignored.payload(), secret, time.Now()), http.StatusOK)
		if !got.Success || got.Message == "" {
			t.Errorf("%s: %+v", ignored.typ, got)
		}
	}
	if c := e.checkouts("booking-2006")[0]; c.State != store.CheckoutOpen {
		t.Fatalf("an ignored event changed %+v", c)
	}

	// Without the company in the query every registered secret is tried.
	got := servertest.Decode[ipnResponse](t, e.deliver("", payload, secret, time.Now()), http.StatusOK)
	if c := e.checkouts("booking-2006")[0]; c.State != store.CheckoutComplete || c.PaymentStatus != store.PaymentPaid {
		t.Fatalf("%+v: row %+v", got, c)
	}
}

// TestWebhookOtherCompany delivers one company's event through another
// company's endpoint: it is verified, and ignored.
func TestWebhookOtherCompany(t *testing.T) {
	a := newEnv(t, envOptions{})
	a.registerWebhook(`{}`)
	s := a.create(a.massage("booking-2007"))
	b := a.otherCompany(t)
	a.registerWebhookFor(b)
	ev := sessionEvent{id: "evt_1", typ: "checkout.session.completed", session: s.SessionId, status: "complete", paymentStatus: "paid"}
	got := servertest.Decode[ipnResponse](t, a.deliver("?CompanyId="+b.String(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	if !strings.Contains(got.Message, "another company") {
		t.Errorf("%+v", got)
	}
	if c := a.checkouts("booking-2007")[0]; c.State != store.CheckoutOpen {
		t.Fatalf("row %+v", c)
	}
	// The company's own delivery of the same event still applies.
	servertest.Decode[ipnResponse](t, a.deliver(a.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	if c := a.checkouts("booking-2007")[0]; c.State != store.CheckoutComplete {
		t.Fatalf("row %+v", c)
	}
}

// TestWebhookReplacedCheckoutPaid: the customer pays on a session we had
// replaced. The payment is recorded, and the newer session, which could
// take the same money again, is expired.
func TestWebhookReplacedCheckoutPaid(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.registerWebhook(`{}`)
	old := e.create(e.massage("booking-2008"))
	current := e.create(e.massage("booking-2008"))
	ev := sessionEvent{id: "evt_1", typ: "checkout.session.completed", session: old.SessionId, status: "complete", paymentStatus: "paid"}
	servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	rows := e.checkouts("booking-2008")
	if rows[0].State != store.CheckoutComplete || rows[0].PaymentStatus != store.PaymentPaid {
		t.Errorf("paid replaced checkout %+v", rows[0])
	}
	if rows[1].State != store.CheckoutInvalidated || !rows[1].SessionClosed {
		t.Errorf("newer checkout %+v", rows[1])
	}
	expired := false
	for _, x := range e.stripe.CallsBelow(http.MethodPost, "/v1/checkout/sessions/") {
		expired = expired || x.Path == "/v1/checkout/sessions/"+current.SessionId+"/expire"
	}
	if !expired {
		t.Error("the newer session was not expired at Stripe")
	}
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", e.massage("booking-2008")), http.StatusConflict, "AlreadyPaid", "InternalReferenceId")
}

// TestIPNWithoutServer calls the IPN handler as a plain function: the event
// and its signature are members of the request, and what the server's
// observer learns (ignored, duplicate) is part of the answer.
func TestIPNWithoutServer(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.registerWebhook(`{}`)
	ipn := stripev1.IPNCallback(e.deps)
	s := e.create(e.massage("booking-2002"))
	signed := func(ev sessionEvent, secret string) *dto.StripeCheckoutIpnCallBackRequest {
		p := ev.payload()
		sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: p, Secret: secret, Timestamp: time.Now()})
		return &dto.StripeCheckoutIpnCallBackRequest{CompanyId: e.company.String(), Payload: p, Signature: sig.Header}
	}
	done := sessionEvent{id: "evt_Direct1", typ: "checkout.session.completed", session: s.SessionId, status: "complete", paymentStatus: "paid"}
	for i, want := range []string{"", server.OutcomeDuplicate} {
		got, err := ipn(t.Context(), signed(done, stripetest.WebhookSecret))
		if err != nil || !got.Success || got.Reply.Outcome != want {
			t.Fatalf("delivery %d: %+v, %v; want outcome %q", i+1, got, err, want)
		}
	}
	stranger := sessionEvent{id: "evt_Direct2", typ: "checkout.session.completed", session: "cs_NotOurs", status: "complete", paymentStatus: "paid"}
	if got, err := ipn(t.Context(), signed(stranger, stripetest.WebhookSecret)); err != nil || got.Reply.Outcome != server.OutcomeIgnored {
		t.Errorf("a session paygate never made: %+v, %v", got, err)
	}
	if _, err := ipn(t.Context(), signed(done, "whsec_forged")); err == nil {
		t.Error("a forged signature was accepted")
	}
}

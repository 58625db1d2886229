package stripev1_test

import (
	"net/http"
	"testing"
	"time"

	"paygate/internal/servertest"
	"paygate/providers/stripe/stripetest"
)

type statusResponse struct{ CustomerEmail, Status string }

func TestCheckoutStatus(t *testing.T) {
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	s := e.create(e.massage("booking-5001"))
	status := func() statusResponse {
		t.Helper()
		body := `{"CompanyId":"` + e.company.String() + `","SessionId":"` + s.SessionId + `"}`
		return servertest.Decode[statusResponse](t, e.postJSON("/payment/stripe/v1/checkout/status", body), http.StatusOK)
	}
	// stripe-mock's session has the fixture's customer email.
	if got := status(); got.Status != "open" || got.CustomerEmail != "example@example.com" {
		t.Errorf("open session: %+v", got)
	}
	reads := e.stripe.Calls(http.MethodGet, "/v1/checkout/sessions/"+s.SessionId)
	if len(reads) != 1 || reads[0].Header.Get("Stripe-Account") != "acct_1SalongTest" {
		t.Fatalf("reads %+v", reads)
	}

	// Completed by webhook: stripe-mock keeps saying "open", which never
	// undoes what an event established.
	e.registerWebhook(`{}`)
	ev := sessionEvent{id: "evt_1", typ: "checkout.session.completed", session: s.SessionId, status: "complete",
		paymentStatus: "paid", customerEmail: "kund@example.se"}
	servertest.Decode[ipnResponse](t, e.deliver(e.companyQuery(), ev.payload(), stripetest.WebhookSecret, time.Now()), http.StatusOK)
	if got := status(); got.Status != "complete" {
		t.Errorf("completed session: %+v", got)
	}

	// A replaced checkout is expired.
	next := e.create(checkout{CompanyId: e.company.String(), CountryCode: "SE", Articles: []article{{3, 5, 1}}, InternalReferenceId: "giftcard-9"})
	e.create(checkout{CompanyId: e.company.String(), CountryCode: "SE", Articles: []article{{3, 5, 1}}, InternalReferenceId: "giftcard-9"})
	body := `{"CompanyId":"` + e.company.String() + `","SessionId":"` + next.SessionId + `"}`
	if got := servertest.Decode[statusResponse](t, e.postJSON("/payment/stripe/v1/checkout/status", body), http.StatusOK); got.Status != "expired" {
		t.Errorf("replaced session: %+v", got)
	}
}

func TestCheckoutStatusRefuses(t *testing.T) {
	e := newEnv(t, envOptions{})
	s := e.create(e.massage("booking-5002"))
	other := e.otherCompany(t)
	tests := []struct {
		name, body string
		status     int
		code       string
		fields     []string
	}{
		{"unknown session", `{"CompanyId":"` + e.company.String() + `","SessionId":"cs_test_unknown"}`, 404, "NotFound", nil},
		{"another company's session", `{"CompanyId":"` + other.String() + `","SessionId":"` + s.SessionId + `"}`, 404, "NotFound", nil},
		{"no session id", `{"CompanyId":"` + e.company.String() + `"}`, 400, "NotEmpty", []string{"SessionId"}},
		{"no company", `{"SessionId":"` + s.SessionId + `"}`, 400, "NotEmpty", []string{"CompanyId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout/status", tt.body), tt.status, tt.code, tt.fields...)
		})
	}
	if n := len(e.stripe.CallsBelow(http.MethodGet, "/v1/checkout/sessions/")); n != 0 {
		t.Errorf("%d reads at Stripe for refused requests", n)
	}
}

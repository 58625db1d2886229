package stripev1_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/internal/servertest"
	"paygate/providers/bokamera"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

func TestCreateStripeWebhook(t *testing.T) {
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	got := e.registerWebhook(`{}`)
	wantURL := "https://pay.example.org/gw/payment/stripe/v1/ipncallback?CompanyId=" + e.company.String()
	if !strings.HasPrefix(got.Id, "we_") || got.Url != wantURL || strings.Join(got.Events, " ") !=
		"checkout.session.completed checkout.session.async_payment_succeeded checkout.session.async_payment_failed checkout.session.expired charge.refunded refund.updated" {
		t.Errorf("webhook %+v", got)
	}
	calls := e.stripe.Calls(http.MethodPost, "/v1/webhook_endpoints")
	if len(calls) != 1 {
		t.Fatalf("%d creates", len(calls))
	}
	wantForm(t, calls[0], map[string]string{
		"api_version":         "2023-10-16",
		"url":                 wantURL,
		"enabled_events[0]":   "checkout.session.completed",
		"enabled_events[3]":   "checkout.session.expired",
		"enabled_events[5]":   "refund.updated",
		"connect":             "",
		"metadata[CompanyId]": e.company.String(),
	})
	hooks, err := e.db.StripeWebhooks(t.Context(), &e.company)
	if err != nil || len(hooks) != 1 {
		t.Fatalf("hooks %+v, %v", hooks, err)
	}
	h := hooks[0]
	if h.Secret != stripetest.WebhookSecret || h.EndpointID != got.Id || h.StripeAccount != "acct_1SalongTest" {
		t.Errorf("stored %+v", h)
	}
	// Without Connect the endpoint lives on the company's connected account,
	// where its checkouts' events happen.
	if a := calls[0].Header.Get("Stripe-Account"); a != "acct_1SalongTest" {
		t.Errorf("Stripe-Account %q", a)
	}
	if k := calls[0].Header.Get("Idempotency-Key"); k != stripe.IdempotencyKey("stripev1-webhook", h.PublicID.String()) {
		t.Errorf("Idempotency-Key %q", k)
	}

	super := []string{"Authorization", e.bearer(auth.RoleSuperAdmin, uuid.Nil)}
	got = servertest.Decode[webhookResponse](t, e.postJSON("/payment/stripe/v1/webhook",
		`{"Connect":true,"Events":["checkout.session.completed"],"Url":"https://hooks.example.org/stripe","CompanyId":"`+e.company.String()+`"}`, super...), http.StatusOK)
	calls = e.stripe.Calls(http.MethodPost, "/v1/webhook_endpoints")
	wantForm(t, calls[1], map[string]string{"connect": "true", "url": "https://hooks.example.org/stripe", "enabled_events[1]": ""})
	if a := calls[1].Header.Get("Stripe-Account"); a != "" {
		t.Errorf("Connect endpoint created on %q", a)
	}
	if got.Url != "https://hooks.example.org/stripe" {
		t.Errorf("webhook %+v", got)
	}
}

func TestCreateStripeWebhookAccess(t *testing.T) {
	e := newEnv(t, envOptions{})
	other := e.otherCompany(t)
	reader := e.bearer(bokamera.RoleAdminRead, e.company)
	writer := e.bearer(bokamera.RoleAdminWrite, e.company)
	super := e.bearer(auth.RoleSuperAdmin, uuid.Nil)
	own := "https://pay.example.org/gw/payment/stripe/v1/ipncallback?CompanyId="
	tests := []struct {
		name, body, token string
		status            int
		code              string
	}{
		{"anonymous", `{}`, "", http.StatusUnauthorized, "Unauthorized"},
		{"customer", `{}`, e.bearer("customer", e.company), http.StatusForbidden, "Forbidden"},
		{"another company's admin", `{"CompanyId":"` + e.company.String() + `"}`, e.bearer(bokamera.RoleAdminWrite, other), http.StatusForbidden, "Forbidden"},
		{"superadmin names no company", `{}`, super, http.StatusBadRequest, "NotEmpty"},
		{"superadmin, no such company", `{"CompanyId":"` + uuid.NewString() + `"}`, super, http.StatusNotFound, "NotFound"},
		// The attacks of issue 12.1: a read-only administrator creating at
		// Stripe, an administrator sending its events elsewhere or to another
		// tenant's callback, and one listening to every connected account.
		{"read role creates", `{}`, reader, http.StatusForbidden, "Forbidden"},
		{"read role, foreign url", `{"Url":"https://evil.example.net/collect"}`, reader, http.StatusForbidden, "Forbidden"},
		{"admin, foreign url", `{"Url":"https://evil.example.net/collect"}`, writer, http.StatusBadRequest, "Equal"},
		{"admin, other tenant's callback", `{"Url":"` + own + other.String() + `"}`, writer, http.StatusBadRequest, "Equal"},
		{"admin, own callback with more", `{"Url":"` + own + e.company.String() + `&x=1"}`, writer, http.StatusBadRequest, "Equal"},
		{"admin, connect", `{"Connect":true}`, writer, http.StatusForbidden, "Forbidden"},
		{"admin, connect with own url", `{"Connect":true,"Url":"` + own + e.company.String() + `"}`, writer, http.StatusForbidden, "Forbidden"},
		{"bad url", `{"Url":"hooks"}`, writer, http.StatusBadRequest, "RegularExpression"},
		{"unknown event", `{"Events":["checkout.session.teleported"]}`, writer, http.StatusBadRequest, "StripeRequestError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.token != "" {
				h = []string{"Authorization", tt.token}
			}
			var fields []string
			if tt.code == "Equal" || tt.code == "RegularExpression" {
				fields = []string{"Url"}
			}
			servertest.WantError(t, e.postJSON("/payment/stripe/v1/webhook", tt.body, h...), tt.status, tt.code, fields...)
		})
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/webhook_endpoints")); n != 1 {
		t.Errorf("%d endpoints asked of Stripe; only the unknown event should have got there", n)
	}
	// Only the refused-by-Stripe attempt got as far as a row, and it is
	// not active: it verifies nothing.
	hooks, err := e.db.StripeWebhooks(t.Context(), nil)
	if err != nil || len(hooks) != 0 {
		t.Errorf("active hooks %+v, %v", hooks, err)
	}
}

// TestCreateStripeWebhookOwnURL: an administrator may name paygate's own
// callback, in any spelling of its company id.
func TestCreateStripeWebhookOwnURL(t *testing.T) {
	e := newEnv(t, envOptions{})
	own := "https://pay.example.org/gw/payment/stripe/v1/ipncallback?CompanyId=" + strings.ToUpper(e.company.String())
	got := e.registerWebhook(`{"Url":"` + own + `"}`)
	if got.Url != own {
		t.Errorf("webhook %+v", got)
	}
}

// TestCreateStripeWebhookRejectedIsDeleted: an endpoint Stripe created but
// paygate refused (no signing secret) would receive events no one verifies;
// it is deleted at Stripe, on the account it was created on.
func TestCreateStripeWebhookRejectedIsDeleted(t *testing.T) {
	si, base := newStandIn(t)
	e := newEnv(t, envOptions{stripeBase: base, account: "acct_1SalongTest"})
	si.set("POST /v1/webhook_endpoints", stripeJSON(200, `{"id":"we_nosecret","object":"webhook_endpoint","url":"https://pay.example.org/x","enabled_events":["checkout.session.completed"]}`))
	servertest.WantError(t, e.postJSON("/payment/stripe/v1/webhook", `{}`, e.admin()...), http.StatusBadGateway, "StripeUnavailable")
	dels := e.stripe.Calls(http.MethodDelete, "/v1/webhook_endpoints/we_nosecret")
	if len(dels) != 1 {
		t.Fatalf("%d deletes of the rejected endpoint", len(dels))
	}
	if a := dels[0].Header.Get("Stripe-Account"); a != "acct_1SalongTest" {
		t.Errorf("deleted on account %q", a)
	}
	if hooks, err := e.db.StripeWebhooks(t.Context(), nil); err != nil || len(hooks) != 0 {
		t.Errorf("active hooks %+v, %v", hooks, err)
	}
}

package stripev1_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/auth"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/providers/stripev1"
)

func TestCreateStripeWebhook(t *testing.T) {
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	got := e.registerWebhook(`{}`)
	wantURL := "https://pay.example.org/gw/payment/stripe/v1/ipncallback?CompanyId=" + e.company.String()
	if !strings.HasPrefix(got.Id, "we_") || got.Url != wantURL || strings.Join(got.Events, " ") !=
		"checkout.session.completed checkout.session.async_payment_succeeded checkout.session.async_payment_failed checkout.session.expired" {
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

	got = e.registerWebhook(`{"Connect":true,"Events":["checkout.session.completed"],"Url":"https://hooks.example.org/stripe"}`)
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
	reader := e.bearer(stripev1.RoleAdminRead, e.company)
	super := e.bearer(auth.RoleSuperAdmin, uuid.Nil)
	tests := []struct {
		name, body, token string
		status            int
		code              string
	}{
		{"anonymous", `{}`, "", http.StatusUnauthorized, "Unauthorized"},
		{"customer", `{}`, e.bearer("customer", e.company), http.StatusForbidden, "Forbidden"},
		{"another company's admin", `{"CompanyId":"` + e.company.String() + `"}`, e.bearer(stripev1.RoleAdminWrite, other), http.StatusForbidden, "Forbidden"},
		{"superadmin names no company", `{}`, super, http.StatusBadRequest, "NotEmpty"},
		{"superadmin, no such company", `{"CompanyId":"` + uuid.NewString() + `"}`, super, http.StatusNotFound, "NotFound"},
		{"bad url", `{"Url":"hooks"}`, reader, http.StatusBadRequest, "RegularExpression"},
		{"unknown event", `{"Events":["checkout.session.teleported"]}`, reader, http.StatusBadRequest, "StripeRequestError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.token != "" {
				h = []string{"Authorization", tt.token}
			}
			wantError(t, e.postJSON("/payment/stripe/v1/webhook", tt.body, h...), tt.status, tt.code)
		})
	}
	// Only the refused-by-Stripe attempt got as far as a row, and it is
	// not active: it verifies nothing.
	hooks, err := e.db.StripeWebhooks(t.Context(), nil)
	if err != nil || len(hooks) != 0 {
		t.Errorf("active hooks %+v, %v", hooks, err)
	}
}

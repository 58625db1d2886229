package stripev1_test

import (
	"net/http"
	"strings"
	"testing"

	"paygate/internal/servertest"
	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
	"paygate/store"
)

func TestCreateHostedCheckout(t *testing.T) {
	e := newEnv(t, envOptions{account: "acct_1SalongTest"})
	got := e.create(e.massage("booking-1001"))

	if !strings.HasPrefix(got.SessionId, "cs_test_") || got.Status != "open" || got.Url == "" {
		t.Errorf("session %+v", got)
	}
	if got.ClientSecret != "" {
		t.Errorf("hosted checkout answered a client secret %q", got.ClientSecret)
	}
	if !strings.HasPrefix(got.PaymentIntentId, "pi_") || !strings.HasPrefix(got.PaymentIntentClientSecret, got.PaymentIntentId+"_secret_") {
		t.Errorf("payment intent %q / %q", got.PaymentIntentId, got.PaymentIntentClientSecret)
	}
	if got.StripeAccount != "acct_1SalongTest" {
		t.Errorf("StripeAccount %q", got.StripeAccount)
	}

	rows := e.checkouts("booking-1001")
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	row := rows[0]
	if row.State != store.CheckoutOpen || row.SessionID != got.SessionId || row.AmountTotal != 80000 || row.Currency != "SEK" ||
		row.PaymentIntentID != got.PaymentIntentId || row.ArticleTypeID != 1 || row.StripeAccount != "acct_1SalongTest" {
		t.Errorf("row %+v", row)
	}

	creates := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
	if len(creates) != 1 {
		t.Fatalf("%d creates", len(creates))
	}
	c := creates[0]
	if k := c.Header.Get("Idempotency-Key"); k != stripe.IdempotencyKey("stripev1-checkout", row.PublicID.String()) {
		t.Errorf("Idempotency-Key %q is not derived from the row", k)
	}
	if a := c.Header.Get("Stripe-Account"); a != "acct_1SalongTest" {
		t.Errorf("Stripe-Account %q", a)
	}
	wantForm(t, c, map[string]string{
		"mode":                          "payment",
		"ui_mode":                       "hosted",
		"success_url":                   "https://salong.example.org/tack",
		"cancel_url":                    "https://salong.example.org/avbryt",
		"return_url":                    "",
		"client_reference_id":           "booking-1001",
		"locale":                        "sv",
		"metadata[CompanyId]":           e.company.String(),
		"metadata[InternalReferenceId]": "booking-1001",
		"metadata[ArticleTypeId]":       "1",
		"payment_intent_data[metadata][CompanyId]":           e.company.String(),
		"payment_intent_data[metadata][InternalReferenceId]": "booking-1001",
		"payment_intent_data[metadata][ArticleTypeId]":       "1",
		"line_items[0][price_data][currency]":                "sek",
		"line_items[0][price_data][unit_amount]":             "50000",
		"line_items[0][price_data][tax_behavior]":            "inclusive",
		"line_items[0][price_data][product_data][name]":      "Massage 60 min",
		"line_items[0][quantity]":                            "1",
		"line_items[1][price_data][unit_amount]":             "15000",
		"line_items[1][price_data][product_data][name]":      "Hot stones add-on",
		"line_items[1][quantity]":                            "2",
		"line_items[2][quantity]":                            "",
	})
}

func TestCreateEmbeddedCheckout(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.massage("booking-1002")
	c.UiMode, c.CancelUrl, c.CountryCode = "embedded", "", "no"
	got := e.create(c)
	if got.ClientSecret != stripetest.CheckoutClientSecret || got.Url != "" || got.StripeAccount != "" {
		t.Errorf("embedded session %+v", got)
	}
	creates := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
	if len(creates) != 1 {
		t.Fatalf("%d creates", len(creates))
	}
	if a := creates[0].Header.Get("Stripe-Account"); a != "" {
		t.Errorf("platform checkout sent Stripe-Account %q", a)
	}
	wantForm(t, creates[0], map[string]string{
		"ui_mode":     "embedded",
		"return_url":  "https://salong.example.org/tack",
		"success_url": "",
		"cancel_url":  "",
		"locale":      "nb",
	})
}

func TestCreateCheckoutDefaults(t *testing.T) {
	e := newEnv(t, envOptions{})
	c := e.massage("booking-1003")
	c.ConfirmationUrl, c.CancelUrl, c.CountryCode = "", "", "ZZ"
	e.create(c)
	creates := e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")
	wantForm(t, creates[0], map[string]string{
		"ui_mode":     "hosted",
		"success_url": "https://example.org/booking/confirmed", // the settings' default
		"locale":      "auto",
	})
}

func TestCreateCheckoutRefusesBadInput(t *testing.T) {
	e := newEnv(t, envOptions{})
	ctx := t.Context()
	if err := e.db.PutArticle(ctx, store.Article{CompanyID: e.company, ArticleID: 7, ArticleTypeID: 1, Name: "Euro massage",
		UnitPrice: 5000, VATRateBP: 2500, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.PutArticle(ctx, store.Article{CompanyID: e.company, ArticleID: 8, ArticleTypeID: 1, Name: "Free coffee",
		UnitPrice: 0, VATRateBP: 1200, Currency: "SEK"}); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(*checkout)) checkout {
		c := e.massage("booking-bad")
		f(&c)
		return c
	}
	tests := []struct {
		name   string
		req    any
		code   string
		fields []string
	}{
		{"unknown article", edit(func(c *checkout) { c.Articles[1].ArticleId = 99 }), "ArticleNotFound", []string{"Articles[1].ArticleId"}},
		{"article of another type", edit(func(c *checkout) { c.Articles[0].ArticleTypeId = 5 }), "ArticleNotFound", []string{"Articles[0].ArticleId"}},
		{"zero quantity", edit(func(c *checkout) { c.Articles[1].Quantity = 0 }), "GreaterThan", []string{"Articles[1].Quantity"}},
		{"negative quantity", edit(func(c *checkout) { c.Articles[0].Quantity = -2 }), "GreaterThan", []string{"Articles[0].Quantity"}},
		{"mixed currencies", edit(func(c *checkout) { c.Articles[1] = article{7, 1, 1} }), "CurrencyMismatch", []string{"Articles[1].ArticleId"}},
		{"nothing to pay", edit(func(c *checkout) { c.Articles = []article{{8, 1, 3}} }), "GreaterThan", []string{"Articles"}},
		{"beyond Stripe's maximum", edit(func(c *checkout) { c.Articles[0].Quantity = 2_000_000 }), "LessThanOrEqual", []string{"Articles[0].Quantity"}},
		{"quantity overflows", edit(func(c *checkout) { c.Articles[1].Quantity = 2_000_000_000 }), "LessThanOrEqual", []string{"Articles[1].Quantity"}},
		{"no articles", edit(func(c *checkout) { c.Articles = nil }), "NotEmpty", []string{"Articles"}},
		{"no reference", edit(func(c *checkout) { c.InternalReferenceId = "" }), "NotEmpty", []string{"InternalReferenceId"}},
		{"no company", edit(func(c *checkout) { c.CompanyId = "" }), "NotEmpty", []string{"CompanyId"}},
		{"bad company id", `{"CompanyId":"salong","CountryCode":"SE","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}],"InternalReferenceId":"x"}`,
			"SerializationException", []string{"CompanyId"}},
		{"unknown ui mode", edit(func(c *checkout) { c.UiMode = "popup" }), "Enum", []string{"UiMode"}},
		{"cancel url when embedded", edit(func(c *checkout) { c.UiMode = "embedded" }), "NotAllowed", []string{"CancelUrl"}},
		{"not a url", edit(func(c *checkout) { c.ConfirmationUrl = "tack" }), "RegularExpression", []string{"ConfirmationUrl"}},
		{"script url", edit(func(c *checkout) { c.CancelUrl = "javascript:alert(1)" }), "RegularExpression", []string{"CancelUrl"}},
		{"quantity not a number", `{"CompanyId":"` + e.company.String() + `","CountryCode":"SE","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":"two"}],"InternalReferenceId":"x"}`,
			"SerializationException", []string{"Articles[0].Quantity"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", tt.req), http.StatusBadRequest, tt.code, tt.fields...)
		})
	}
	if n := len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")); n != 0 {
		t.Errorf("bad input reached Stripe %d times", n)
	}
	if rows := e.checkouts("booking-bad"); len(rows) != 0 {
		t.Errorf("bad input left rows: %+v", rows)
	}
}

// TestCreateCheckoutSeedSample posts the published sample request byte for
// byte, with only the company id made real: every placeholder it holds is
// refused by name.
func TestCreateCheckoutSeedSample(t *testing.T) {
	e := newEnv(t, envOptions{})
	sample := `{"CompanyId":"00000000-0000-0000-0000-000000000000","CountryCode":"String","Articles":[{"ArticleId":0,"ArticleTypeId":0,"Quantity":0}],"InternalReferenceId":"String","ConfirmationUrl":"String","CancelUrl":"String","UiMode":"String"}`
	body := strings.Replace(sample, "00000000-0000-0000-0000-000000000000", e.company.String(), 1)
	r := e.do(http.MethodPost, "/payment/stripe/v1/checkout", "application/json", body, "Accept", "application/json")
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	rs := servertest.WantError(t, r, http.StatusBadRequest, "GreaterThan", "Articles[0].Quantity", "ConfirmationUrl", "CancelUrl", "UiMode")
	t.Logf("sample answered: %s", r.Body)
	if len(rs.ResponseStatus.Errors) != 4 {
		t.Errorf("%d errors, want 4", len(rs.ResponseStatus.Errors))
	}
	if len(e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")) != 0 {
		t.Error("the sample reached Stripe")
	}

	// The same request with its placeholders filled in is a checkout.
	fixed := strings.NewReplacer(`"ArticleId":0,"ArticleTypeId":0,"Quantity":0`, `"ArticleId":1,"ArticleTypeId":1,"Quantity":1`,
		`"ConfirmationUrl":"String"`, `"ConfirmationUrl":"https://salong.example.org/tack"`,
		`"CancelUrl":"String"`, `"CancelUrl":"https://salong.example.org/avbryt"`,
		`"UiMode":"String"`, `"UiMode":"hosted"`).Replace(body)
	got := servertest.Decode[checkoutResponse](t, e.do(http.MethodPost, "/payment/stripe/v1/checkout", "application/json", fixed, "Accept", "application/json"), http.StatusOK)
	if got.SessionId == "" || got.Url == "" || got.Status != "open" {
		t.Errorf("filled-in sample: %+v", got)
	}
	wantForm(t, e.stripe.Calls(http.MethodPost, "/v1/checkout/sessions")[0], map[string]string{
		"client_reference_id": "String",
		"locale":              "auto",
	})
}

func TestCreateCheckoutRequiresSettings(t *testing.T) {
	e := newEnv(t, envOptions{})
	req := e.massage("booking-1004")
	tests := []struct {
		name   string
		change func(*store.PaymentSettings)
		want   string
	}{
		{"disabled", func(s *store.PaymentSettings) { s.Enabled = false }, "payments disabled"},
		{"another provider", func(s *store.PaymentSettings) { s.Enabled, s.Provider = true, store.ProviderPaysonCheckoutV2 }, "payment provider 2"},
		{"other currency", func(s *store.PaymentSettings) { s.Provider, s.Currency = store.ProviderStripeCheckoutV1, "EUR" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.updateSettings(tt.change)
			r := e.postJSON("/payment/stripe/v1/checkout", req)
			if tt.want == "" {
				servertest.WantError(t, r, http.StatusBadRequest, "CurrencyMismatch", "Articles[0].ArticleId", "Articles[1].ArticleId")
				return
			}
			rs := servertest.WantError(t, r, http.StatusBadRequest, "PaymentSettingsMissing", "CompanyId")
			if m := rs.ResponseStatus.Message; !strings.Contains(m, "requires settings for Stripe Checkout 1.0") || !strings.Contains(m, tt.want) {
				t.Errorf("message %q", m)
			}
		})
	}
	t.Run("none", func(t *testing.T) {
		other := req
		other.CompanyId = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
		rs := servertest.WantError(t, e.postJSON("/payment/stripe/v1/checkout", other), http.StatusBadRequest, "PaymentSettingsMissing", "CompanyId")
		if !strings.Contains(rs.ResponseStatus.Message, "has no payment settings") {
			t.Errorf("message %q", rs.ResponseStatus.Message)
		}
	})
	if rows := e.checkouts("booking-1004"); len(rows) != 0 {
		t.Errorf("rows: %+v", rows)
	}
}

// wantForm checks form fields of a recorded Stripe call; "" means absent.
func wantForm(t *testing.T, r stripetest.Request, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := r.Form.Get(k); got != v || (v == "" && r.Form.Has(k)) {
			t.Errorf("%s %s: %s = %q, want %q", r.Method, r.Path, k, got, v)
		}
	}
}

package payments_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"paygate/providers/payments"
)

func TestOneShotWithAmount(t *testing.T) {
	e := newEnv(t)
	r := e.checkout(t, `{"customer_id":"c-1","amount_cents":4999,"order_id":"o-1","metadata":{"channel":"web","n":1}}`)
	p := created(t, r)
	if p.Mode != "one_shot" || p.AmountCents != "4999" || p.Currency != "usd" || p.Status != "pending" ||
		p.CustomerID != "c-1" || p.OrderID == nil || *p.OrderID != "o-1" || p.SubscriptionID != nil {
		t.Errorf("payment %s", r)
	}
	if p.StripePaymentIntentID == nil || !strings.HasPrefix(*p.StripePaymentIntentID, "pi_") {
		t.Errorf("stripe_payment_intent_id %v", p.StripePaymentIntentID)
	}
	if p.CreatedAt != p.UpdatedAt {
		t.Errorf("created_at %s, updated_at %s", p.CreatedAt, p.UpdatedAt)
	}
	if n := e.calls(createPI); n != 1 {
		t.Errorf("%d PaymentIntents created", n)
	}
	if stored, err := e.DB.PaymentOf(t.Context(), "company:"+companyA.String(), p.ID); err != nil || string(stored.Metadata) != `{"channel":"web","n":1}` {
		t.Errorf("stored metadata %q, %v", stored.Metadata, err)
	}
}

func TestOneShotNullsAreWrittenExplicitly(t *testing.T) {
	e := newEnv(t)
	r := e.checkout(t, `{"customer_id":"c-1","amount_cents":100,"order_id":null,"stripe_customer_id":null,"metadata":null,"promo_code":null}`)
	created(t, r)
	for _, member := range []string{`"order_id":null`, `"subscription_id":null`} {
		if !strings.Contains(r.String(), member) {
			t.Errorf("%s lacks %s", r, member)
		}
	}
}

func TestOneShotFromLineItems(t *testing.T) {
	e := newEnv(t)
	items := `"line_items":[{"product_id":"p1","variant_id":"v1","qty":2,"unit_amount_cents":1500},
		{"product_id":"p2","variant_id":"v2","qty":1,"unit_amount_cents":0},
		{"product_id":"p3","variant_id":"v3","qty":3,"unit_amount_cents":333}]`
	p := created(t, e.checkout(t, `{"customer_id":"c-1",`+items+`}`))
	if p.AmountCents != "3999" {
		t.Errorf("amount_cents %s, want 3999", p.AmountCents)
	}
	if n := e.countRows(t, "payment_line_items"); n != 3 {
		t.Errorf("%d line items stored", n)
	}
	p = created(t, e.checkout(t, `{"customer_id":"c-1","amount_cents":3999,`+items+`}`))
	if p.AmountCents != "3999" {
		t.Errorf("agreeing amount: amount_cents %s", p.AmountCents)
	}
	failed(t, e.checkout(t, `{"customer_id":"c-1","amount_cents":4000,`+items+`}`), 400, "amount_mismatch", "4000")
}

func TestOneShotAmountRules(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, body, code, mentions string
	}{
		{"neither amount nor items", `{"customer_id":"c"}`, "validation_error", "amount_cents or line_items"},
		{"only free items", `{"customer_id":"c","line_items":[{"product_id":"p","variant_id":"v","qty":1,"unit_amount_cents":0}]}`, "validation_error", "greater than 0"},
		{"line total overflows", `{"customer_id":"c","line_items":[{"product_id":"p","variant_id":"v","qty":2,"unit_amount_cents":9223372036854775807}]}`, "validation_error", "line_items[0]"},
		{"sum overflows", `{"customer_id":"c","line_items":[{"product_id":"p","variant_id":"v","qty":1,"unit_amount_cents":9223372036854775807},{"product_id":"p","variant_id":"v","qty":1,"unit_amount_cents":1}]}`, "validation_error", "line_items[1]"},
		{"mismatch", `{"customer_id":"c","amount_cents":1,"line_items":[{"product_id":"p","variant_id":"v","qty":1,"unit_amount_cents":2}]}`, "amount_mismatch", "line_items total, 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed(t, e.checkout(t, tc.body), 400, tc.code, tc.mentions)
		})
	}
	if n := e.calls(createPI); n != 0 {
		t.Errorf("%d PaymentIntents created for refused checkouts", n)
	}
	if n := e.countRows(t, "payments"); n != 0 {
		t.Errorf("%d payments stored for refused checkouts", n)
	}
}

func TestCurrencyIsNormalised(t *testing.T) {
	e := newEnv(t)
	p := created(t, e.checkout(t, `{"customer_id":"c","currency":"SEK","amount_cents":100}`))
	if p.Currency != "sek" {
		t.Errorf("currency %q", p.Currency)
	}
}

func TestSubscription(t *testing.T) {
	e := newEnv(t)
	r := e.checkout(t, `{"customer_id":"c-2","subscription_plan_id":"price_monthly","amount_cents":2000,"order_id":"o-9"}`)
	p := created(t, r)
	if p.Mode != "subscription" || p.AmountCents != "2000" || p.Status != "pending" {
		t.Errorf("payment %s", r)
	}
	if p.SubscriptionID == nil || !strings.HasPrefix(*p.SubscriptionID, "sub_") {
		t.Errorf("subscription_id %v", p.SubscriptionID)
	}
	if p.StripePaymentIntentID == nil || !strings.HasPrefix(*p.StripePaymentIntentID, "pi_") {
		t.Errorf("the first invoice's PaymentIntent is missing: %v", p.StripePaymentIntentID)
	}
	if e.calls(createSub) != 1 || e.calls(createPI) != 0 {
		t.Errorf("Stripe calls %v", e.Stripe.Requests())
	}
}

// TestSubscriptionAmountIsThePlans is the attack of issue 12.5: a
// subscription stated at 1000 on a plan priced 2000 was stored at 1000.
// A stated amount (amount_cents or the line_items total) that is not the
// plan's price is refused with 422 amount_mismatch; the stored amount is
// always the plan's (stripe-mock's fixture price: 2000).
func TestSubscriptionAmountIsThePlans(t *testing.T) {
	e := newEnv(t)
	for _, body := range []string{
		`{"customer_id":"c-2","subscription_plan_id":"price_monthly","amount_cents":1000}`,
		`{"customer_id":"c-2","subscription_plan_id":"price_monthly","line_items":[{"product_id":"p","variant_id":"v","qty":2,"unit_amount_cents":700}]}`,
	} {
		failed(t, e.checkout(t, body), http.StatusUnprocessableEntity, "amount_mismatch", "price of plan \"price_monthly\", 2000")
	}
	if n := e.countRows(t, "payments"); n != 0 || e.calls(createSub) != 0 {
		t.Errorf("%d payments, %d subscriptions after a mismatch", n, e.calls(createSub))
	}
	for _, body := range []string{
		`{"customer_id":"c-2","subscription_plan_id":"price_monthly"}`,
		`{"customer_id":"c-2","subscription_plan_id":"price_monthly","line_items":[{"product_id":"p","variant_id":"v","qty":2,"unit_amount_cents":1000}]}`,
	} {
		p := created(t, e.checkout(t, body))
		if p.AmountCents != "2000" {
			t.Errorf("amount_cents %q, want the plan's 2000", p.AmountCents)
		}
		if stored, err := e.DB.PaymentOf(t.Context(), "company:"+companyA.String(), p.ID); err != nil || stored.AmountCents != 2000 {
			t.Errorf("stored amount %d, %v", stored.AmountCents, err)
		}
	}
}

func TestCustomerFoundOrCreated(t *testing.T) {
	e := newEnv(t)
	created(t, e.checkout(t, `{"customer_id":"c-3","amount_cents":100}`))
	created(t, e.checkout(t, `{"customer_id":"c-3","amount_cents":200}`))
	if n := e.calls(createCustomer); n != 1 {
		t.Errorf("%d Stripe customers created for one customer_id", n)
	}
	// Another tenant's customer of the same id is another customer.
	created(t, e.do(t, http.MethodPost, "/v1/checkout", "other", []byte(`{"customer_id":"c-3","amount_cents":100}`)))
	if n := e.calls(createCustomer); n != 2 {
		t.Errorf("%d Stripe customers, want 2", n)
	}
	var sent []string
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/v1/payment_intents" {
			form := readForm(t, r)
			sent = append(sent, form.Get("customer"))
		}
		return nil, nil
	})
	if err := e.DB.LinkStripeCustomer(t.Context(), payments.CompanyTenant(companyA), "c-4", "cus_given", time.Now()); err != nil {
		t.Fatal(err)
	}
	created(t, e.checkout(t, `{"customer_id":"c-4","amount_cents":100,"stripe_customer_id":"cus_given"}`))
	if n := e.calls(createCustomer); n != 2 || len(sent) != 1 || sent[0] != "cus_given" {
		t.Errorf("stripe_customer_id not used as is: customers created %d, PaymentIntent customer %v", n, sent)
	}
}

func TestPromoCode(t *testing.T) {
	e := newEnv(t)
	// stripe-mock answers every lookup with FALL20, 25.5 % off.
	p := created(t, e.checkout(t, `{"customer_id":"c","amount_cents":10000,"promo_code":"fall20"}`))
	if p.AmountCents != "7450" {
		t.Errorf("discounted amount_cents %s, want 7450", p.AmountCents)
	}
	stored, err := e.DB.PaymentOf(t.Context(), "company:"+companyA.String(), p.ID)
	if err != nil || stored.DiscountCents != 2550 || stored.StripePromotionCodeID == nil || !strings.HasPrefix(*stored.StripePromotionCodeID, "promo_") {
		t.Errorf("stored payment %+v, %v", stored, err)
	}

	var subForm url.Values
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/v1/subscriptions" {
			subForm = readForm(t, r)
		}
		return nil, nil
	})
	created(t, e.checkout(t, `{"customer_id":"c","subscription_plan_id":"price_monthly","promo_code":"FALL20"}`))
	if !strings.HasPrefix(subForm.Get("promotion_code"), "promo_") || subForm.Get("payment_behavior") != "default_incomplete" ||
		subForm.Get("expand[0]") != "latest_invoice.payment_intent" || subForm.Get("items[0][price]") != "price_monthly" {
		t.Errorf("subscription parameters %v", subForm)
	}
	e.Stripe.Intercept(nil)

	before := e.calls(createPI)
	failed(t, e.checkout(t, `{"customer_id":"c","amount_cents":100,"promo_code":"NOPE"}`), 400, "invalid_promo_code", `"NOPE"`)
	if e.calls(createPI) != before {
		t.Error("a PaymentIntent was created for an unknown promotion code")
	}
}

func TestGetPayment(t *testing.T) {
	e := newEnv(t)
	r := e.checkout(t, `{"customer_id":"c","amount_cents":100}`)
	p := created(t, r)
	got := e.do(t, http.MethodGet, "/v1/payments/"+p.ID, "reader", nil)
	if got.Status != 200 || got.String() != r.String() {
		t.Errorf("GET %d %s\nwant %s", got.Status, got, r)
	}
	validate(t, "payment", got.Body)
	failed(t, e.do(t, http.MethodGet, "/v1/payments/nope", "reader", nil), 404, "not_found", "Payment not found")
	failed(t, e.do(t, http.MethodGet, "/v1/payments/"+p.ID, "other", nil), 404, "not_found", "Payment not found")
	failed(t, e.do(t, http.MethodGet, "/v1/payments/"+p.ID, "personal", nil), 404, "not_found", "Payment not found")
	// The ServiceStack predefined route reaches the same operation.
	if got := e.do(t, http.MethodGet, "/api/GetPayment?id="+p.ID, "reader", nil); got.String() != r.String() {
		t.Errorf("/api/GetPayment: %d %s", got.Status, got)
	}
	// Without an id there is nothing to look up: the caller's 400.
	failed(t, e.do(t, http.MethodGet, "/api/GetPayment", "reader", nil), 400, "validation_error", "id: is required")
}

func TestLocationHonoursBasePath(t *testing.T) {
	e := newEnv(t, envOptions{basePath: "/pay"})
	r := e.checkout(t, `{"customer_id":"c","amount_cents":100}`)
	p := created(t, r)
	if loc := r.Header.Get("Location"); loc != "/pay/v1/payments/"+p.ID {
		t.Errorf("Location %q", loc)
	}
}

func TestUserTenant(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, http.MethodPost, "/v1/checkout", "personal", []byte(`{"customer_id":"c","amount_cents":100}`))
	p := created(t, r)
	if got := e.do(t, http.MethodGet, "/v1/payments/"+p.ID, "personal", nil); got.Status != 200 {
		t.Errorf("own payment: %d %s", got.Status, got)
	}
	failed(t, e.do(t, http.MethodGet, "/v1/payments/"+p.ID, "writer", nil), 404, "not_found", "Payment not found")
}

// readForm reads a Stripe request's form body, leaving it in place for
// the transport.
func readForm(t *testing.T, r *http.Request) url.Values {
	t.Helper()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Error(err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, err := url.ParseQuery(string(body))
	if err != nil {
		t.Error(err)
	}
	return form
}

// decode reads a JSON body into v.
func decode(t *testing.T, r reply, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%v: %s", err, r)
	}
}

// TestForeignStripeCustomerRefused is the attack of issue 12.4: tenant A
// named tenant B's Stripe customer and got a subscription on it, with B's
// customer's payment method saved. A stripe_customer_id is accepted only
// when paygate created or recorded it for the caller's tenant.
func TestForeignStripeCustomerRefused(t *testing.T) {
	e := newEnv(t)
	created(t, e.do(t, http.MethodPost, "/v1/checkout", "other", []byte(`{"customer_id":"b-1","amount_cents":100}`)))
	theirs, err := e.DB.StripeCustomerOf(t.Context(), payments.CompanyTenant(companyB), "b-1")
	if err != nil {
		t.Fatal(err)
	}
	created(t, e.checkout(t, `{"customer_id":"a-1","amount_cents":100}`))
	ours, err := e.DB.StripeCustomerOf(t.Context(), payments.CompanyTenant(companyA), "a-1")
	if err != nil {
		t.Fatal(err)
	}
	before := len(e.Stripe.Requests())
	for _, body := range []string{
		`{"customer_id":"a-2","subscription_plan_id":"price_monthly","stripe_customer_id":"` + theirs + `"}`,
		`{"customer_id":"a-2","amount_cents":100,"stripe_customer_id":"` + theirs + `"}`,
		`{"customer_id":"a-2","amount_cents":100,"stripe_customer_id":"cus_NeverSeen"}`,
	} {
		failed(t, e.checkout(t, body), http.StatusUnprocessableEntity, "unknown_stripe_customer", "stripe_customer_id")
	}
	// The personal tenant of a user is not its company's either.
	failed(t, e.do(t, http.MethodPost, "/v1/checkout", "personal", []byte(`{"customer_id":"a-1","amount_cents":100,"stripe_customer_id":"`+ours+`"}`)),
		http.StatusUnprocessableEntity, "unknown_stripe_customer", ours)
	if n := len(e.Stripe.Requests()) - before; n != 0 {
		t.Errorf("%d Stripe calls for refused customers", n)
	}
	// Their own customers, created or recorded, are theirs to name.
	created(t, e.checkout(t, `{"customer_id":"a-1","amount_cents":100,"stripe_customer_id":"`+ours+`"}`))
	created(t, e.do(t, http.MethodPost, "/v1/checkout", "other", []byte(`{"customer_id":"b-1","amount_cents":100,"stripe_customer_id":"`+theirs+`"}`)))
}

package stripe_test

// These tests run Checkout Sessions through stripe-go against stripe-mock
// v0.183.0 and pin down what comes back. stripe-mock is stateless: each
// answer is a fixture with some request parameters reflected, so callers'
// tests must not rely on:
//
//   - ids: random per answer (cs_test_RkLi…), even for the id in the path;
//     nothing created can be read back;
//   - state: expire leaves status "open"; a fixed status/payment_status per
//     resource ("open"/"unpaid");
//   - reflection of hashes: metadata comes back as the fixture's {}; only
//     top-level scalars the fixture has a key for are echoed;
//   - ui_mode rules: url and client_secret are both set whatever the mode,
//     and semantic rules (cancel_url with embedded) are not enforced;
//   - idempotency: a repeated key is echoed but not replayed.
//
// Our own code must enforce the rules stripe-mock skips; tests needing another
// state use stripetest.StartWith with their own fixtures.

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

// embeddedSession is the session the BokaMera surface creates: one booking,
// embedded Checkout, on the company's connected account.
func embeddedSession(ctx context.Context) *stripego.CheckoutSessionParams {
	p := &stripego.CheckoutSessionParams{
		Params:            stripego.Params{Context: ctx},
		Mode:              stripego.String(string(stripego.CheckoutSessionModePayment)),
		UIMode:            stripego.String(string(stripego.CheckoutSessionUIModeEmbedded)),
		ReturnURL:         stripego.String("https://shop.example.org/return?session_id={CHECKOUT_SESSION_ID}"),
		ClientReferenceID: stripego.String("booking-42"),
		Locale:            stripego.String("sv"),
		Currency:          stripego.String("sek"),
		ExpiresAt:         stripego.Int64(time.Now().Add(time.Hour).Unix()),
		LineItems: []*stripego.CheckoutSessionLineItemParams{{
			PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripego.String("sek"),
				UnitAmount:  stripego.Int64(50000),
				ProductData: &stripego.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripego.String("Massage 60 min")},
			},
			Quantity: stripego.Int64(2),
		}},
	}
	p.AddMetadata("CompanyId", "6e1d0c1a-0000-4000-8000-000000000001")
	p.AddMetadata("InternalReferenceId", "42")
	stripe.WithAccount(&p.Params, "acct_1Connected")
	p.SetIdempotencyKey(stripe.IdempotencyKey("checkout", "6e1d0c1a-0000-4000-8000-000000000001", "42", "1"))
	return p
}

func TestCheckoutSessionEmbedded(t *testing.T) {
	sc, rec := recordingClient(t)
	p := embeddedSession(t.Context())
	s, err := sc.API().CheckoutSessions.New(p)
	if err != nil {
		t.Fatal(stripe.Classify(err))
	}
	t.Logf("id=%s ui_mode=%s status=%s/%s client_secret=%q return_url=%q url=%q metadata=%v",
		s.ID, s.UIMode, s.Status, s.PaymentStatus, s.ClientSecret, s.ReturnURL, s.URL, s.Metadata)

	if !strings.HasPrefix(s.ID, "cs_test_") || s.Status != stripego.CheckoutSessionStatusOpen ||
		s.PaymentStatus != stripego.CheckoutSessionPaymentStatusUnpaid {
		t.Errorf("id %s, status %s/%s", s.ID, s.Status, s.PaymentStatus)
	}
	// Reflected, because the fixture has these keys (return_url and
	// client_secret only with our patched fixtures).
	if s.UIMode != stripego.CheckoutSessionUIModeEmbedded || s.ClientReferenceID != "booking-42" ||
		s.Locale != "sv" || s.Currency != "sek" || s.ExpiresAt != *p.ExpiresAt || s.ReturnURL != *p.ReturnURL {
		t.Errorf("not reflected: %+v", s)
	}
	if s.ClientSecret != stripetest.CheckoutClientSecret {
		t.Errorf("client_secret = %q, want the fixture's", s.ClientSecret)
	}
	// Not reflected: metadata is a hash, and a stateless mock has nowhere to
	// keep it. Our rows, not the session, are the record of what we sent.
	if len(s.Metadata) != 0 {
		t.Errorf("metadata %v: stripe-mock began reflecting hashes", s.Metadata)
	}

	// The rules stripe-mock cannot show back are checked on the wire.
	req := rec.last(t)
	if req.Header.Get("Stripe-Account") != "acct_1Connected" ||
		req.Header.Get("Idempotency-Key") != *p.IdempotencyKey ||
		req.Header.Get("Stripe-Version") != stripego.APIVersion {
		t.Errorf("headers: %v", req.Header)
	}
	wantForm(t, req, map[string]string{
		"line_items[0][price_data][unit_amount]":        "50000",
		"line_items[0][price_data][product_data][name]": "Massage 60 min",
		"line_items[0][quantity]":                       "2",
		"metadata[InternalReferenceId]":                 "42",
		"return_url":                                    *p.ReturnURL,
		"ui_mode":                                       "embedded",
	})
	if s.LastResponse.IdempotencyKey != *p.IdempotencyKey {
		t.Errorf("echoed idempotency key %q", s.LastResponse.IdempotencyKey)
	}
}

func TestCheckoutSessionHosted(t *testing.T) {
	sc := stripetest.Start(t).Client()
	p := &stripego.CheckoutSessionParams{
		Params:     stripego.Params{Context: t.Context()},
		Mode:       stripego.String(string(stripego.CheckoutSessionModePayment)),
		UIMode:     stripego.String(string(stripego.CheckoutSessionUIModeHosted)),
		SuccessURL: stripego.String("https://shop.example.org/ok?session_id={CHECKOUT_SESSION_ID}"),
		CancelURL:  stripego.String("https://shop.example.org/cancel"),
		LineItems: []*stripego.CheckoutSessionLineItemParams{{
			PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripego.String("sek"),
				UnitAmount:  stripego.Int64(25000),
				ProductData: &stripego.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripego.String("Gift card")},
			},
			Quantity: stripego.Int64(1),
		}},
	}
	p.SetIdempotencyKey(stripe.IdempotencyKey("checkout", "company-1", "43", "1"))
	s, err := sc.API().CheckoutSessions.New(p)
	if err != nil {
		t.Fatal(stripe.Classify(err))
	}
	t.Logf("id=%s ui_mode=%s url=%q success_url=%q client_secret=%q", s.ID, s.UIMode, s.URL, s.SuccessURL, s.ClientSecret)
	if s.UIMode != stripego.CheckoutSessionUIModeHosted || s.SuccessURL != *p.SuccessURL || s.CancelURL != *p.CancelURL {
		t.Errorf("not reflected: %+v", s)
	}
	// The fixture's url never changes, and client_secret is set in hosted
	// mode too: callers choose by ui_mode, never by which field is set.
	if s.URL == "" || s.ClientSecret == "" {
		t.Errorf("url %q, client_secret %q", s.URL, s.ClientSecret)
	}
}

func TestCheckoutSessionIdempotencyNotReplayed(t *testing.T) {
	sc := stripetest.Start(t).Client()
	var ids []string
	for range 2 {
		s, err := sc.API().CheckoutSessions.New(embeddedSession(t.Context()))
		if err != nil {
			t.Fatal(stripe.Classify(err))
		}
		ids = append(ids, s.ID)
	}
	// Stripe would answer the same session twice; stripe-mock makes a new
	// one. Tests of retry safety check the key we send, not the answer.
	if ids[0] == ids[1] {
		t.Fatalf("stripe-mock replayed %s", ids[0])
	}
}

func TestCheckoutSessionExpire(t *testing.T) {
	sc := stripetest.Start(t).Client()
	const id = "cs_test_expire_me"
	s, err := sc.API().CheckoutSessions.Expire(id, &stripego.CheckoutSessionExpireParams{
		Params: stripego.Params{Context: t.Context()},
	})
	if err != nil {
		t.Fatal(stripe.Classify(err))
	}
	t.Logf("expire %s -> id=%s status=%s", id, s.ID, s.Status)
	// Stripe answers the same session with status "expired"; stripe-mock
	// answers a fresh fixture. Callers record the expiry from the call's
	// success, not from the answer's status.
	if s.ID == id || s.Status != stripego.CheckoutSessionStatusOpen {
		t.Errorf("stripe-mock now tracks expiry: id=%s status=%s", s.ID, s.Status)
	}

	// Get, unlike expire, echoes the path id.
	g, err := sc.API().CheckoutSessions.Get(id, &stripego.CheckoutSessionParams{Params: stripego.Params{Context: t.Context()}})
	if err != nil {
		t.Fatal(stripe.Classify(err))
	}
	if g.ID != id {
		t.Errorf("get %s answered %s", id, g.ID)
	}
}

func TestCheckoutSessionSetupMode(t *testing.T) {
	sc, rec := recordingClient(t)
	p := &stripego.CheckoutSessionParams{
		Params:             stripego.Params{Context: t.Context()},
		Mode:               stripego.String(string(stripego.CheckoutSessionModeSetup)),
		Customer:           stripego.String("cus_billrun_7"),
		SuccessURL:         stripego.String("https://billing.example.org/paymentgateways/OkPage?name=StripeCheckout&session_id={CHECKOUT_SESSION_ID}"),
		PaymentMethodTypes: stripego.StringSlice([]string{"card"}),
		SetupIntentData:    &stripego.CheckoutSessionSetupIntentDataParams{Metadata: map[string]string{"aid": "7"}},
	}
	p.AddExpand("setup_intent")
	p.SetIdempotencyKey(stripe.IdempotencyKey("billrun-setup", "7", "1"))
	s, err := sc.API().CheckoutSessions.New(p)
	if err != nil {
		t.Fatal(stripe.Classify(err))
	}
	if s.Mode != stripego.CheckoutSessionModeSetup || s.Customer == nil || s.Customer.ID != "cus_billrun_7" {
		t.Fatalf("mode %s, customer %+v", s.Mode, s.Customer)
	}
	// Expanding works even where the fixture holds null: stripe-mock
	// generates the object.
	if s.SetupIntent == nil || !strings.HasPrefix(s.SetupIntent.ID, "seti_") {
		t.Fatalf("setup_intent not expanded: %+v", s.SetupIntent)
	}
	t.Logf("id=%s mode=%s customer=%s setup_intent=%s (%s)", s.ID, s.Mode, s.Customer.ID, s.SetupIntent.ID, s.SetupIntent.Status)
	wantForm(t, rec.last(t), map[string]string{
		"mode":                             "setup",
		"payment_method_types[0]":          "card",
		"setup_intent_data[metadata][aid]": "7",
		"expand[0]":                        "setup_intent",
	})
}

func TestStrictVersionCheck(t *testing.T) {
	// stripe-mock runs with -strict-version-check: a client that speaks
	// another API version fails here instead of passing tests it should not.
	sc := stripetest.Start(t).Client()
	p := &stripego.CustomerParams{Params: stripego.Params{
		Context: t.Context(),
		Headers: http.Header{"Stripe-Version": {"2024-04-10"}},
	}}
	_, err := sc.API().Customers.New(p)
	re := requestError(t, stripe.Classify(err))
	if re.Status != http.StatusBadRequest || !strings.Contains(re.Message, stripego.APIVersion) {
		t.Fatalf("got %v, want a 400 naming %s", re, stripego.APIVersion)
	}
	t.Log(re)
}

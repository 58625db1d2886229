package stripe_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
)

// TestRef: an expandable member reads the same id whether Stripe sent the
// id alone or the expanded object, and nothing when it sent null.
func TestRef(t *testing.T) {
	var got struct {
		Customer      *stripe.Ref `json:"customer"`
		PaymentIntent *stripe.Ref `json:"payment_intent"`
		Subscription  *stripe.Ref `json:"subscription"`
	}
	body := `{"customer":"cus_1","payment_intent":{"id":"pi_1","object":"payment_intent","client_secret":"pi_1_secret_x","amount":100},"subscription":null}`
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Customer == nil || *got.Customer != (stripe.Ref{ID: "cus_1"}) {
		t.Errorf("customer %+v", got.Customer)
	}
	if got.PaymentIntent == nil || *got.PaymentIntent != (stripe.Ref{ID: "pi_1", ClientSecret: "pi_1_secret_x"}) {
		t.Errorf("payment_intent %+v", got.PaymentIntent)
	}
	if got.Subscription != nil {
		t.Errorf("subscription %+v, want nil", got.Subscription)
	}
	var bad stripe.Ref
	if err := json.Unmarshal([]byte(`42`), &bad); err == nil {
		t.Error("a number read as a reference")
	}
}

// TestCreateSendsTheResourcesRequest: Create sends what stripe-go's own
// resource sends for the same params (path, form, idempotency key, account
// and client headers), so narrowing the decoding changes nothing on the
// wire; and a refusal is still a *stripego.Error.
func TestCreateSendsTheResourcesRequest(t *testing.T) {
	sc, rec := recordingClient(t)
	if _, err := sc.API().CheckoutSessions.New(embeddedSession(t.Context())); err != nil {
		t.Fatal(err)
	}
	var got struct {
		stripego.APIResource
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	if err := sc.Create("/v1/checkout/sessions", embeddedSession(t.Context()), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.URL == "" || got.LastResponse == nil || got.LastResponse.StatusCode != 200 {
		t.Errorf("created %+v", got)
	}
	reqs := rec.Calls(http.MethodPost, "/v1/checkout/sessions")
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	ours, theirs := reqs[1], reqs[0]
	if !reflect.DeepEqual(ours.Form, theirs.Form) {
		t.Errorf("form\n ours   %v\n theirs %v", ours.Form, theirs.Form)
	}
	for _, h := range []string{"Idempotency-Key", "Stripe-Account", "Stripe-Version", "Authorization", "Content-Type", "User-Agent", "X-Stripe-Client-User-Agent"} {
		if ours.Header.Get(h) != theirs.Header.Get(h) || theirs.Header.Get(h) == "" {
			t.Errorf("%s: ours %q, theirs %q", h, ours.Header.Get(h), theirs.Header.Get(h))
		}
	}

	err := sc.Create("/v1/checkout/sessions", &stripego.CheckoutSessionParams{Mode: stripego.String("no-such-mode")}, &got)
	var se *stripego.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != http.StatusBadRequest {
		t.Errorf("refused create: %v", err)
	}
}

package stripe_test

import (
	"encoding/json"
	"testing"

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

package payments

import (
	"errors"
	"testing"

	"paygate/apierr"
	"paygate/dto"
)

// FuzzCheckoutBody: whatever the body, the binder answers a 4xx or a request
// that passes the schema's rules; never a panic or an internal error.
func FuzzCheckoutBody(f *testing.F) {
	for _, seed := range []string{
		`{"customer_id":"c","amount_cents":100}`,
		`{"customer_id":"c","currency":"SEK","order_id":null,"metadata":{"a":[1,{"b":null}]},"promo_code":"X"}`,
		`{"customer_id":"c","subscription_plan_id":"price_1","line_items":[{"product_id":"p","variant_id":"v","qty":2,"unit_amount_cents":0}]}`,
		`{"customer_id":"c","amount_cents":1e3,"line_items":[{"qty":1.5}]}`,
		`{"customer_id":"c","customer_id":"d"}`,
		`[1]`, `null`, `"x"`, ``, `{`, `{"amount_cents":-0.0e-0}`,
	} {
		f.Add([]byte(seed))
	}
	s := newService(Deps{})
	f.Fuzz(func(t *testing.T, body []byte) {
		var req dto.CreateCheckout
		if err := s.readCheckout(body, &req); err != nil {
			var e *apierr.Error
			if !errors.As(err, &e) || e.Status != 400 {
				t.Fatalf("%q: %v is not a 400", body, err)
			}
			return
		}
		if req.CustomerID == "" || len(req.Currency) != 3 {
			t.Fatalf("%q passed as %+v", body, req)
		}
	})
}

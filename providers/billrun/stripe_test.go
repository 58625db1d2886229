package billrun

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"

	"paygate/providers/stripe"
	"paygate/providers/stripe/stripetest"
)

// A card Stripe declines (its 402) is a refusal like any other: 400, as
// every surface answers one, with Stripe's message. BillRun's callers see
// 200 either way; the status is what logs and metrics record.
func TestStripeFailureStatus(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   int
		code   string
		msg    string
	}{
		{402, `{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}`, 400, "StripeError", "Stripe: Your card was declined."},
		{404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer: 'cus_x'"}}`, 400, "StripeError", "Stripe: No such customer: 'cus_x'"},
		{500, `{"error":{"type":"api_error","message":"Something went wrong."}}`, 502, stripe.CodeUnavailable, "Could not create the Stripe customer: Stripe is unavailable, try again"},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			}))
			defer srv.Close()
			sc := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: srv.URL, MaxNetworkRetries: -1})
			_, err := sc.API().Customers.New(&stripego.CustomerParams{Params: stripego.Params{Context: context.Background()}})
			e := stripeFailure("create the Stripe customer", err)
			if e.Status != tc.want || e.Code != tc.code || e.Message != tc.msg {
				t.Fatalf("got %d %s %q, want %d %s %q", e.Status, e.Code, e.Message, tc.want, tc.code, tc.msg)
			}
		})
	}
}

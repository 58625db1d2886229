package payments_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"paygate/providers/payments"
)

// stripeAnswer is a Stripe response made up by a test.
func stripeAnswer(r *http.Request, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status,
		Header:     http.Header{"Content-Type": {"application/json"}, "Request-Id": {"req_test"}},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    r,
	}
}

// answerOn makes Stripe answer calls to path with status and body.
func answerOn(e *env, path string, status int, body string) {
	e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == path {
			return stripeAnswer(r, status, body), nil
		}
		return nil, nil
	})
}

func TestStripeRefusals(t *testing.T) {
	e := newEnv(t)
	answerOn(e, "/v1/payment_intents", 400,
		`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"customer","message":"No such customer: 'cus_gone'"}}`)
	if err := e.DB.LinkStripeCustomer(t.Context(), payments.CompanyTenant(companyA), "c", "cus_gone", time.Now()); err != nil {
		t.Fatal(err)
	}
	failed(t, e.checkout(t, `{"customer_id":"c","amount_cents":100,"stripe_customer_id":"cus_gone"}`),
		http.StatusBadRequest, "invalid_request", "stripe_customer_id: No such customer: 'cus_gone'")

	answerOn(e, "/v1/subscriptions", 400,
		`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"items[0][price]","message":"No such price: 'plan_x'"}}`)
	failed(t, e.checkout(t, `{"customer_id":"c","subscription_plan_id":"plan_x"}`),
		http.StatusBadRequest, "invalid_request", "subscription_plan_id: No such price: 'plan_x'")

	if n := e.countRows(t, "payments"); n != 0 {
		t.Errorf("%d payments after Stripe refused", n)
	}
}

func TestStripeUnavailable(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, path string
		answer     func(r *http.Request) (*http.Response, error)
	}{
		{"PaymentIntent 500", "/v1/payment_intents", func(r *http.Request) (*http.Response, error) {
			return stripeAnswer(r, 500, `{"error":{"type":"api_error","message":"Something went wrong"}}`), nil
		}},
		{"subscription unreachable", "/v1/subscriptions", func(*http.Request) (*http.Response, error) {
			return nil, errors.New("dial tcp: connection refused")
		}},
		{"customer 503", "/v1/customers", func(r *http.Request) (*http.Response, error) {
			return stripeAnswer(r, 503, `{"error":{"type":"api_error","message":"Unavailable"}}`), nil
		}},
		{"promotion lookup times out", "/v1/promotion_codes", func(*http.Request) (*http.Response, error) {
			return nil, errors.New("context deadline exceeded")
		}},
		{"our key refused", "/v1/payment_intents", func(r *http.Request) (*http.Response, error) {
			return stripeAnswer(r, 401, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_***123"}}`), nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.Stripe.Intercept(func(r *http.Request) (*http.Response, error) {
				if r.URL.Path == tc.path {
					return tc.answer(r)
				}
				return nil, nil
			})
			body := `{"customer_id":"c-` + tc.name + `","amount_cents":100,"promo_code":"FALL20"}`
			if strings.HasPrefix(tc.name, "subscription") {
				body = `{"customer_id":"c","subscription_plan_id":"price_monthly"}`
			}
			r := e.checkout(t, body)
			failed(t, r, http.StatusBadGateway, "stripe_error", "Stripe could not")
			if strings.Contains(r.String(), "sk_test") {
				t.Errorf("the answer shows the key: %s", r)
			}
		})
	}
	if n := e.countRows(t, "payments"); n != 0 {
		t.Errorf("%d payments after Stripe failed", n)
	}
}

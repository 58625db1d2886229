package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// scenario is one create through paygate and the provider it wraps.
type scenario struct {
	short    string // for -only
	name     string
	provider string     // the watched provider process
	ours     call       // the create through paygate
	calls    []recorded // the provider calls one create makes, replayed as the baseline
}

// scenarios are the creates of the goals, each for a new entity per
// request, as a booking opening to many buyers at once looks.
func scenarios(info demoInfo) []scenario {
	return []scenario{
		{short: "Stripe", name: "StripeV1CreateCheckout", provider: "stripe-mock",
			ours: post(info.URL+"/payment/stripe/v1/checkout", "", http.StatusOK, func(n string) string {
				return `{"CompanyId":"` + info.Company + `","CountryCode":"SE","InternalReferenceId":"load-` + n +
					`","UiMode":"hosted","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`
			})},
		{short: "Payson", name: "PaysonV2CreateCheckout", provider: "payson-sandbox",
			ours: post(info.URL+"/payment/payson/v2/checkout", "", http.StatusOK, func(n string) string {
				return `{"CompanyId":"` + info.Company + `","CountryCode":"SE","InternalReferenceId":"load-` + n +
					`","PaymentOrigin":"Embedded","Articles":[{"ArticleId":1,"ArticleTypeId":1,"Quantity":1}]}`
			})},
		{short: "Payments", name: "POST /v1/checkout", provider: "stripe-mock",
			ours: post(info.URL+"/v1/checkout", info.AdminKey, http.StatusCreated, func(n string) string {
				return `{"customer_id":"load-` + n + `","amount_cents":4999,"order_id":"order-` + n + `"}`
			})},
	}
}

// rebase keeps the calls recorded against one paygate and takes the
// creates of another.
func rebase(recorded, fresh []scenario) []scenario {
	for i := range fresh {
		fresh[i].calls = recorded[i].calls
	}
	return fresh
}

// post sends body(n) as JSON to url, with key as bearer credentials when
// given, expecting want.
func post(url, key string, want int, body func(n string) string) call {
	return func(ctx context.Context, c *http.Client, n int64) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body(strconv.FormatInt(n, 10))))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		return expect(c, req, want)
	}
}

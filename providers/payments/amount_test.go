package payments

import (
	"math"
	"testing"

	"paygate/apierr"
)

func TestDiscount(t *testing.T) {
	for _, tc := range []struct {
		name     string
		amount   int64
		currency string
		c        coupon
		want     int64
		wantCode string
	}{
		{"percent, exact", 10000, "usd", coupon{percentOff: 25.5}, 2550, ""},
		{"percent rounds half up", 1, "usd", coupon{percentOff: 50}, 1, ""},
		{"percent rounds down below half", 3, "usd", coupon{percentOff: 10}, 0, ""},
		{"percent of the largest amount", math.MaxInt64, "usd", coupon{percentOff: 100}, math.MaxInt64, ""},
		{"amount off", 1000, "usd", coupon{amountOff: 300, currency: "usd"}, 300, ""},
		{"amount off, currency case", 1000, "usd", coupon{amountOff: 300, currency: "USD"}, 300, ""},
		{"amount off capped", 100, "usd", coupon{amountOff: 300, currency: "usd"}, 100, ""},
		{"amount off in another currency", 1000, "sek", coupon{amountOff: 300, currency: "usd"}, 0, codeInvalidPromoCode},
		{"no discount", 1000, "usd", coupon{}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := discount(tc.amount, tc.currency, tc.c)
			if tc.wantCode != "" {
				if e := apierr.From(err); e.Code != tc.wantCode || e.Status != 400 {
					t.Fatalf("err %v, want %s", err, tc.wantCode)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("discount = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestJSONInteger(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"-0", 0, true}, {"42", 42, true}, {"-42", -42, true},
		{"42.0", 42, true}, {"4.2e1", 42, true}, {"4200e-2", 42, true}, {"1E+2", 100, true},
		{"0.0e99999999999", 0, true},
		{"9223372036854775807", math.MaxInt64, true}, {"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false}, {"1e19", 0, false}, {"1e99999999999", 0, false},
		{"4.25e1", 0, false}, {"0.5", 0, false}, {"1e-99999999999", 0, false},
	} {
		got, err := jsonInteger(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("jsonInteger(%s) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

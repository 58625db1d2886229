package stripe

import (
	"strings"
	"testing"

	stripego "github.com/stripe/stripe-go/v76"
)

func TestIdempotencyKey(t *testing.T) {
	k := IdempotencyKey("checkout", "company-1", "42", "1")
	if k != IdempotencyKey("checkout", "company-1", "42", "1") {
		t.Fatal("same parts gave different keys")
	}
	if !strings.HasPrefix(k, "paygate:") || len(k) != len("paygate:")+64 {
		t.Fatalf("key %q: want paygate: and 64 hex digits", k)
	}
	distinct := [][]string{
		{"checkout", "company-1", "42", "2"},
		{"checkout", "company-1", "421"},
		{"checkout:company-1", "42", "1"},
		{"checkout", "company-1", "42", "1", ""},
		{"refund", "company-1", "42", "1"},
	}
	for _, parts := range distinct {
		if IdempotencyKey(parts...) == k {
			t.Errorf("%q collides with the reference key", parts)
		}
	}
	long := IdempotencyKey(strings.Repeat("x", 10_000))
	if len(long) > 255 {
		t.Errorf("key is %d characters, Stripe allows 255", len(long))
	}
}

func TestIdempotencyKeyPanicsWithoutParts(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	IdempotencyKey()
}

func TestWithAccount(t *testing.T) {
	var p stripego.Params
	WithAccount(&p, " acct_123 ")
	if got := stripego.StringValue(p.StripeAccount); got != "acct_123" {
		t.Fatalf("StripeAccount = %q", got)
	}

	var lp stripego.ListParams
	WithAccount(&lp, "")
	if lp.StripeAccount != nil {
		t.Fatalf("empty account set %q", *lp.StripeAccount)
	}
	WithAccount(&lp, "acct_456")
	if got := stripego.StringValue(lp.StripeAccount); got != "acct_456" {
		t.Fatalf("list StripeAccount = %q", got)
	}
}

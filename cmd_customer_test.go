package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payments"
	"paygate/store"
)

func TestCustomerLink(t *testing.T) {
	db := filepath.Join(t.TempDir(), "paygate.db")
	getenv := func(k string) string {
		if k == "PAYGATE_DB" {
			return db
		}
		return ""
	}
	paygate := func(args ...string) (string, error) {
		var out, errs bytes.Buffer
		err := run(t.Context(), args, getenv, &out, &errs)
		return out.String(), err
	}
	a, b := uuid.NewString(), uuid.NewString()
	for _, c := range []string{a, b} {
		if _, err := paygate("company", "add", "--id", c, "--name", "Acme"); err != nil {
			t.Fatal(err)
		}
	}
	link := func(company, customer, stripeID string) (string, error) {
		return paygate("customer", "link", "--company", company, "--customer-id", customer, "--stripe-customer", stripeID)
	}
	if out, err := link(a, "c-1", "cus_Existing1"); err != nil || !strings.Contains(out, "linked") {
		t.Fatalf("link: %q %v", out, err)
	}
	if _, err := link(a, "c-1", "cus_Existing1"); err != nil {
		t.Errorf("linking again: %v", err)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"customer", "link", "--company", b, "--customer-id", "c-9", "--stripe-customer", "cus_Existing1"}, "another customer"},
		{[]string{"customer", "link", "--company", a, "--customer-id", "c-1", "--stripe-customer", "cus_Other"}, "another Stripe customer"},
		{[]string{"customer", "link", "--company", uuid.NewString(), "--customer-id", "c", "--stripe-customer", "cus_X"}, "does not exist"},
		{[]string{"customer", "link", "--company", a, "--customer-id", "c", "--stripe-customer", "acct_1"}, "not a Stripe customer id"},
		{[]string{"customer", "link", "--company", "acme", "--customer-id", "c", "--stripe-customer", "cus_X"}, "not a Guid"},
		{[]string{"customer", "link", "--company", a, "--stripe-customer", "cus_X"}, "--customer-id"},
		{[]string{"customer", "unlink"}, "usage"},
	} {
		if _, err := paygate(bad.args...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: %v, want %q", bad.args, err, bad.want)
		}
	}
	st, err := store.OpenMigrated(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tenant, customer, err := st.StripeCustomerOwner(t.Context(), "cus_Existing1")
	if err != nil || tenant != payments.CompanyTenant(uuid.MustParse(a)) || customer != "c-1" {
		t.Errorf("recorded for %q %q, %v", tenant, customer, err)
	}
}

package store_test

import (
	"errors"
	"testing"
	"time"

	"paygate/store"
	"paygate/store/storetest"
)

// TestStripeCustomerHasOneOwner: a Stripe customer is recorded for one
// tenant's customer only, by the schema, whichever way a row is written.
func TestStripeCustomerHasOneOwner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now()
		if got, err := db.SaveStripeCustomer(ctx, "company:a", "c-1", "cus_A", now); err != nil || got != "cus_A" {
			t.Fatalf("save: %q %v", got, err)
		}
		if err := db.LinkStripeCustomer(ctx, "company:b", "c-1", "cus_A", now); !errors.Is(err, store.ErrCustomerLinked) {
			t.Errorf("another tenant linked cus_A: %v", err)
		}
		if err := db.LinkStripeCustomer(ctx, "company:a", "c-1", "cus_B", now); !errors.Is(err, store.ErrCustomerLinked) {
			t.Errorf("c-1 linked to a second Stripe customer: %v", err)
		}
		if _, err := store.Raw(db).ExecContext(ctx, `INSERT INTO payment_stripe_customers (tenant, customer_id, stripe_customer_id, created_at)
			VALUES ('company:b', 'c-2', 'cus_A', 0)`); err == nil {
			t.Error("the schema let cus_A be recorded for two tenants")
		}
		if tenant, customer, err := db.StripeCustomerOwner(ctx, "cus_A"); err != nil || tenant != "company:a" || customer != "c-1" {
			t.Errorf("owner %q %q, %v", tenant, customer, err)
		}
		if _, _, err := db.StripeCustomerOwner(ctx, "cus_Nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: %v", err)
		}
	})
}

package store_test

import (
	"errors"
	"testing"
	"time"

	"paygate/store"
	"paygate/store/storetest"
)

// TestEarlyEventsWaitForTheirPayment delivers events for a PaymentIntent
// before its payment is written, as Stripe may while the create's
// transaction has not committed: they are kept, not lost, and the payment
// takes the latest one's status when it is written; a repeat is still a
// duplicate, and an event for another payment stays kept.
func TestEarlyEventsWaitForTheirPayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now().Truncate(time.Millisecond)
		for _, e := range []struct {
			id, status string
			created    int64
		}{{"evt_b", "succeeded", 101}, {"evt_a", "processing", 100}} {
			out, err := db.ApplyStripeEvent(ctx, store.StripeEvent{ID: e.id + "-ours", StripeID: e.id, Type: "payment_intent." + e.status, Created: e.created},
				store.PaymentMove{PaymentIntentID: "pi_early", Status: e.status}, now)
			if err != nil || out != store.EventKept {
				t.Fatalf("%s: %s %v", e.id, out, err)
			}
		}
		if _, err := db.ApplyStripeEvent(ctx, store.StripeEvent{ID: "again", StripeID: "evt_b", Type: "payment_intent.succeeded", Created: 101},
			store.PaymentMove{PaymentIntentID: "pi_early", Status: "succeeded"}, now); !errors.Is(err, store.ErrDuplicateEvent) {
			t.Fatalf("repeat of a kept event: %v", err)
		}
		if out, err := db.ApplyStripeEvent(ctx, store.StripeEvent{ID: "other", StripeID: "evt_o", Type: "payment_intent.succeeded", Created: 100},
			store.PaymentMove{PaymentIntentID: "pi_other", Status: "succeeded"}, now); err != nil || out != store.EventKept {
			t.Fatalf("other: %s %v", out, err)
		}
		p := testPayment("early", now)
		if err := db.CreatePayment(ctx, p, nil, nil, store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		got, err := db.PaymentOf(ctx, p.Tenant, p.ID)
		if err != nil || got.Status != "succeeded" {
			t.Fatalf("payment written after its events: %+v %v", got, err)
		}
		var left int
		if err := db.Pool().QueryRow(`SELECT COUNT(*) FROM payment_early_events`).Scan(&left); err != nil || left != 1 {
			t.Errorf("kept events left: %d %v", left, err)
		}
	})
}

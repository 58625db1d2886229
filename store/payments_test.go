package store_test

import (
	"errors"
	"testing"
	"time"

	"paygate/store"
	"paygate/store/storetest"
)

func testPayment(id string, now time.Time) store.Payment {
	pi := "pi_" + id
	return store.Payment{ID: id, Tenant: "company:a", CustomerID: "c", AmountCents: 100, Currency: "usd", Status: "pending",
		Mode: "one_shot", StripeCustomerID: "cus_1", StripePaymentIntentID: &pi, CreatedAt: now, UpdatedAt: now,
		LineItems: []store.PaymentLineItem{{ProductID: "p", VariantID: "v", Qty: 1, UnitAmountCents: 100}}}
}

// A request whose lease ran out is taken over with the same payment id; the
// first holder then cannot complete, so one key never yields two payments.
func TestIdempotencyTakeOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now()
		const lease, ttl = time.Minute, 24 * time.Hour
		first, err := db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-1", now, lease, ttl)
		if err != nil || first.State != store.Reserved || first.PaymentID != "pay-1" {
			t.Fatalf("first reservation %+v, %v", first, err)
		}
		if r, _ := db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-2", now.Add(time.Second), lease, ttl); r.State != store.InFlight {
			t.Fatalf("while held: %+v", r)
		}
		second, err := db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-3", now.Add(2*lease), lease, ttl)
		if err != nil || second.State != store.Reserved || second.PaymentID != "pay-1" || second.Lease == first.Lease {
			t.Fatalf("take-over %+v, %v", second, err)
		}
		// The create's attempt ends with the payment, never without it.
		if err := db.BeginAttempt(ctx, "test-create", "pay-1", nil, now); err != nil {
			t.Fatal(err)
		}
		done := store.AttemptDone{Kind: "test-create", Ref: "pay-1"}
		attempts := func() int {
			t.Helper()
			list, err := db.Attempts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		if err := db.CreatePayment(ctx, testPayment("pay-1", now), &first.Lease, []byte(`{"id":"pay-1"}`), done); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("the first holder completed after losing its lease: %v", err)
		}
		if _, err := db.PaymentOf(ctx, "company:a", "pay-1"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a payment was written without its key: %v", err)
		}
		if n := attempts(); n != 1 {
			t.Fatalf("a create that wrote nothing ended its attempt: %d in flight", n)
		}
		if err := db.CreatePayment(ctx, testPayment("pay-1", now), &second.Lease, []byte(`{"id":"pay-1"}`), done); err != nil {
			t.Fatal(err)
		}
		if n := attempts(); n != 0 {
			t.Fatalf("the written payment's attempt is still in flight (%d)", n)
		}
		r, err := db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-4", now.Add(3*lease), lease, ttl)
		if err != nil || r.State != store.Completed || string(r.Response) != `{"id":"pay-1"}` {
			t.Fatalf("after completion %+v, %v", r, err)
		}
		// The late release of the first holder changes nothing.
		if err := db.ReleaseIdempotencyKey(ctx, first.Lease, true); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-5", now.Add(4*lease), lease, ttl); r.State != store.Completed {
			t.Fatalf("a stale release undid the completion: %+v", r)
		}
	})
}

func TestIdempotencyRelease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now()
		r, _ := db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-1", now, time.Minute, time.Hour)
		if err := db.ReleaseIdempotencyKey(ctx, r.Lease, false); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.ReserveIdempotencyKey(ctx, "caller", "k", "other", "pay-2", now, time.Minute, time.Hour); r.State != store.Mismatch {
			t.Fatalf("a kept key took another body: %+v", r)
		}
		r, _ = db.ReserveIdempotencyKey(ctx, "caller", "k", "fp", "pay-3", now, time.Minute, time.Hour)
		if r.State != store.Reserved || r.PaymentID != "pay-1" {
			t.Fatalf("retry after release %+v", r)
		}
		if err := db.ReleaseIdempotencyKey(ctx, r.Lease, true); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.ReserveIdempotencyKey(ctx, "caller", "k", "other", "pay-4", now, time.Minute, time.Hour); r.State != store.Reserved || r.PaymentID != "pay-4" {
			t.Fatalf("a forgotten key is not free: %+v", r)
		}
	})
}

func TestStripeEventsApplyOnceAndInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now().Truncate(time.Millisecond)
		if err := db.CreatePayment(ctx, testPayment("p1", now), nil, nil, store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		move := store.PaymentMove{PaymentIntentID: "pi_p1", Status: "succeeded"}
		out, err := db.ApplyStripeEvent(ctx, store.StripeEvent{ID: "e1", StripeID: "evt_1", Type: "payment_intent.succeeded", Created: 100}, move, now.Add(time.Second))
		if err != nil || out != store.EventProcessed {
			t.Fatalf("%s, %v", out, err)
		}
		if _, err := db.ApplyStripeEvent(ctx, store.StripeEvent{ID: "e2", StripeID: "evt_1", Type: "payment_intent.succeeded", Created: 100}, move, now); !errors.Is(err, store.ErrDuplicateEvent) {
			t.Fatalf("duplicate: %v", err)
		}
		out, err = db.ApplyStripeEvent(ctx, store.StripeEvent{ID: "e3", StripeID: "evt_0", Type: "payment_intent.processing", Created: 99},
			store.PaymentMove{PaymentIntentID: "pi_p1", Status: "processing"}, now.Add(2*time.Second))
		if err != nil || out != store.EventIgnored {
			t.Fatalf("stale event: %s, %v", out, err)
		}
		p, err := db.PaymentOf(ctx, "company:a", "p1")
		if err != nil || p.Status != "succeeded" || !p.UpdatedAt.Equal(now.Add(time.Second)) {
			t.Fatalf("payment %+v, %v", p, err)
		}
	})
}

package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/internal/clocktest"
	"paygate/store"
	"paygate/store/storetest"
)

func attempt(company uuid.UUID, ref string) store.PaysonCheckout {
	return store.PaysonCheckout{CompanyID: company, InternalReferenceID: ref, ArticleTypeID: 1, Currency: "SEK", AmountTotal: 100}
}

func TestPaysonCheckoutAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		company := addCompany(t, db)

		first, cur, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{})
		if err != nil || cur != nil || first.State != store.PaysonCreating || first.Reference == uuid.Nil {
			t.Fatalf("begin: %+v %v %v", first, cur, err)
		}
		if _, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{}); !errors.Is(err, store.ErrPaysonBusy) {
			t.Fatalf("second begin while creating: %v", err)
		}
		if _, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b2"), store.AttemptStart{}); err != nil {
			t.Fatalf("another entity is not busy: %v", err)
		}
		co1 := uuid.New()
		created := store.PaysonStatus{Status: "created", Rank: 1}
		if kept, err := db.ActivatePaysonCheckout(ctx, first.ID, co1, created, "<iframe>", store.AttemptDone{}); err != nil || kept {
			t.Fatalf("activate: kept %v with no notification kept: %v", kept, err)
		}
		if _, err := db.ActivatePaysonCheckout(ctx, first.ID, co1, created, "", store.AttemptDone{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("activating twice: %v", err)
		}

		second, cur, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{})
		if err != nil || cur == nil || cur.CheckoutID != co1 || cur.Snippet != "<iframe>" || cur.Status != "created" {
			t.Fatalf("begin with an active checkout: %+v %v", cur, err)
		}
		// Two current checkouts for one entity are impossible.
		if _, err := db.ActivatePaysonCheckout(ctx, second.ID, uuid.New(), created, "", store.AttemptDone{}); err == nil {
			t.Fatal("a second active checkout was stored")
		}
		if err := db.InvalidatePaysonCheckout(ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		co2 := uuid.New()
		if _, err := db.ActivatePaysonCheckout(ctx, second.ID, co2, created, "", store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		got, err := db.PaysonCheckoutByCheckoutID(ctx, co2)
		if err != nil || got.ID != second.ID || got.State != store.PaysonActive {
			t.Errorf("by checkout id: %+v %v", got, err)
		}
		if _, err := db.PaysonCheckoutByCheckoutID(ctx, uuid.New()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown checkout: %v", err)
		}
	})
}

// TestPaysonOldCreationStillBlocks: a creation left in flight, however
// old, is not taken as abandoned by the next create (Payson may hold its
// checkout); only its settlement, by the recoverer, frees the entity.
func TestPaysonOldCreationStillBlocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		company := addCompany(t, db)
		clk := clocktest.New(time.Now())
		db = db.WithClock(clk.Now)
		stuck, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(24 * time.Hour)
		if _, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{}); !errors.Is(err, store.ErrPaysonBusy) {
			t.Fatalf("begin beside an old creation: %v, want ErrPaysonBusy", err)
		}
		if err := db.FailPaysonCheckout(ctx, stuck.ID, "settled: Payson holds no checkout for it"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{}); err != nil {
			t.Fatalf("begin after the creation was settled: %v", err)
		}
		if err := db.FailPaysonCheckout(ctx, stuck.ID, "again"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("failing a failed attempt: %v", err)
		}
	})
}

func TestPaysonStatusNeverMovesBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		company := addCompany(t, db)
		a, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActivatePaysonCheckout(ctx, a.ID, uuid.New(), store.PaysonStatus{Status: "created", Rank: 1}, "", store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			in   store.PaysonStatus
			want store.PaysonStatus
		}{
			{store.PaysonStatus{Status: "shipped", Rank: 6}, store.PaysonStatus{Status: "shipped", Rank: 6}},
			{store.PaysonStatus{Status: "readyToShip", Rank: 5}, store.PaysonStatus{Status: "shipped", Rank: 6}},
			{store.PaysonStatus{Status: "shipped", Rank: 6, CreditedAmount: 40}, store.PaysonStatus{Status: "shipped", Rank: 6, CreditedAmount: 40}},
			{store.PaysonStatus{Status: "shipped", Rank: 6}, store.PaysonStatus{Status: "shipped", Rank: 6, CreditedAmount: 40}},
			{store.PaysonStatus{Status: "paidToAccount", Rank: 7}, store.PaysonStatus{Status: "paidToAccount", Rank: 7, CreditedAmount: 40}},
			{store.PaysonStatus{Status: "bogus", Rank: 0}, store.PaysonStatus{Status: "paidToAccount", Rank: 7, CreditedAmount: 40}},
		} {
			got, err := db.RecordPaysonStatus(ctx, a.ID, step.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.PaysonStatus != step.want {
				t.Errorf("after %+v: %+v, want %+v", step.in, got.PaysonStatus, step.want)
			}
		}
	})
}

func TestPaysonShipClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		company := addCompany(t, db)
		a, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b1"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		claim := func(lease time.Duration) bool {
			ok, err := db.ClaimPaysonShip(ctx, a.ID, lease)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim(time.Minute) || claim(time.Minute) {
			t.Fatal("a held claim was granted twice")
		}
		if err := db.ReleasePaysonShip(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if !claim(time.Minute) {
			t.Fatal("a released claim was refused")
		}
		// A claim older than the lease belongs to a request that died.
		if !claim(0) {
			t.Error("an expired claim was not taken over")
		}
		// The recoverer releases the claim of the attempt it settles, not
		// a later request's.
		if ok, err := db.ReleaseStalePaysonShip(ctx, a.ID, time.Now().Add(-time.Minute)); err != nil || ok {
			t.Fatalf("a claim taken after the attempt was released: %v %v", ok, err)
		}
		if ok, err := db.ReleaseStalePaysonShip(ctx, a.ID, time.Now()); err != nil || !ok {
			t.Fatalf("the attempt's claim: %v %v", ok, err)
		}
		if !claim(time.Minute) {
			t.Error("a released claim was refused")
		}
	})
}

// TestPaysonAttemptCommitsWithItsRow: a Payson create's attempt is written
// with its row, refused with it, and ended when the row is activated.
func TestPaysonAttemptCommitsWithItsRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		inFlight := func(ref string) bool {
			t.Helper()
			list, err := db.Attempts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range list {
				if a.Ref == ref {
					return true
				}
			}
			return false
		}
		first := attempt(company, "b-att")
		first.Reference = uuid.New()
		ref := first.Reference.String()
		row, _, err := db.BeginPaysonCheckout(ctx, first, store.AttemptStart{Kind: "test-payson", Ref: ref, At: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if !inFlight(ref) {
			t.Fatal("the attempt was not written with its row")
		}
		busy := attempt(company, "b-att")
		busy.Reference = uuid.New()
		if _, _, err := db.BeginPaysonCheckout(ctx, busy, store.AttemptStart{Kind: "test-payson", Ref: busy.Reference.String(), At: time.Now()}); !errors.Is(err, store.ErrPaysonBusy) {
			t.Fatalf("second create while one is in flight: %v", err)
		}
		if inFlight(busy.Reference.String()) {
			t.Error("a refused create left its attempt")
		}
		done := store.AttemptDone{Kind: "test-payson", Ref: ref}
		if _, err := db.ActivatePaysonCheckout(ctx, row.ID, uuid.New(), store.PaysonStatus{Status: "created", Rank: 1}, "", done); err != nil {
			t.Fatal(err)
		}
		if inFlight(ref) {
			t.Error("the activated row's attempt is still in flight")
		}
	})
}

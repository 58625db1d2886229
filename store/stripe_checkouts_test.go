package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

func newCheckout(company uuid.UUID, ref string) store.StripeCheckout {
	return store.StripeCheckout{CompanyID: company, InternalReferenceID: ref, ArticleTypeID: 1, UIMode: "hosted",
		Currency: "sek", AmountTotal: 50000, Lines: []store.CheckoutLine{{ArticleID: 1, ArticleTypeID: 1, Name: "Massage", UnitPrice: 50000, VATRateBP: 2500, Quantity: 1}}}
}

func TestOneOpenCheckoutPerEntity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		first, stale, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-1"), store.AttemptStart{})
		if err != nil || len(stale) != 0 || first.State != store.CheckoutCreating || first.Currency != "SEK" {
			t.Fatalf("%+v %v %v", first, stale, err)
		}
		// The database itself refuses a second payable checkout, whatever the
		// code around it does.
		_, err = store.Raw(db).ExecContext(ctx, `INSERT INTO stripe_checkouts (public_id, company_id, internal_reference_id,
			article_type_id, state, ui_mode, currency, amount_total, created_at, updated_at)
			VALUES (?, ?, 'b-1', 1, 'open', 'hosted', 'SEK', 1, 0, 0)`, uuid.NewString(), company.String())
		if !store.IsUniqueViolation(db, err) {
			t.Fatal("a second open checkout was accepted")
		}

		if open, kept, err := db.OpenStripeCheckout(ctx, first.ID, store.SessionResult{SessionID: "cs_1"}, store.AttemptDone{}); err != nil || !open || kept {
			t.Fatalf("open %v, kept %v: %v", open, kept, err)
		}
		second, stale, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-1"), store.AttemptStart{})
		if err != nil || len(stale) != 1 || stale[0].SessionID != "cs_1" {
			t.Fatalf("%+v %v", stale, err)
		}
		// The session is not confirmed expired yet: the next attempt is told
		// again, after that no more.
		if err := db.FailStripeCheckout(ctx, second.ID, "stripe down"); err != nil {
			t.Fatal(err)
		}
		third, stale, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-1"), store.AttemptStart{})
		if err != nil || len(stale) != 1 || stale[0].ID != first.ID {
			t.Fatalf("%+v %v", stale, err)
		}
		if err := db.CloseStripeSession(ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		// A creating row that a newer one invalidated learns so when it opens.
		fourth, stale, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-1"), store.AttemptStart{})
		if err != nil || len(stale) != 0 {
			t.Fatalf("%+v %v", stale, err)
		}
		if open, _, err := db.OpenStripeCheckout(ctx, third.ID, store.SessionResult{SessionID: "cs_3"}, store.AttemptDone{}); err != nil || open {
			t.Fatalf("superseded checkout opened: %v %v", open, err)
		}
		if open, _, err := db.OpenStripeCheckout(ctx, fourth.ID, store.SessionResult{SessionID: "cs_4"}, store.AttemptDone{}); err != nil || !open {
			t.Fatalf("open %v %v", open, err)
		}
		list, err := db.StripeCheckouts(ctx, company, "b-1")
		if err != nil {
			t.Fatal(err)
		}
		want := []store.CheckoutState{store.CheckoutInvalidated, store.CheckoutFailed, store.CheckoutInvalidated, store.CheckoutOpen}
		for i, c := range list {
			if c.State != want[i] {
				t.Errorf("checkout %d: %s, want %s", i, c.State, want[i])
			}
		}
		// paygate never reads a checkout's lines back, so the test reads the table.
		var lines, price int64
		err = store.Raw(db).QueryRowContext(ctx, `SELECT count(*), max(unit_price) FROM stripe_checkout_lines WHERE checkout_id = ?`, fourth.ID).Scan(&lines, &price)
		if err != nil || lines != 1 || price != 50000 {
			t.Errorf("%d lines, unit price %d, %v", lines, price, err)
		}
	})
}

func TestSettledEntityRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		c, _, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-2"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.OpenStripeCheckout(ctx, c.ID, store.SessionResult{SessionID: "cs_paid"}, store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		pay := func(row *store.StripeCheckout) error {
			row.State, row.PaymentStatus = store.CheckoutComplete, store.PaymentPaid
			return nil
		}
		if _, err := db.UpdateStripeCheckout(ctx, "cs_paid", "evt_1", "checkout.session.completed", pay); err != nil {
			t.Fatal(err)
		}
		var updated int64
		if err := store.Raw(db).QueryRowContext(ctx, `SELECT updated_at FROM stripe_checkouts WHERE id = ?`, c.ID).Scan(&updated); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateStripeCheckout(ctx, "cs_paid", "evt_1", "checkout.session.completed", pay); !errors.Is(err, store.ErrDuplicateEvent) {
			t.Fatalf("replay: %v", err)
		}
		var again int64
		if err := store.Raw(db).QueryRowContext(ctx, `SELECT updated_at FROM stripe_checkouts WHERE id = ?`, c.ID).Scan(&again); err != nil || again != updated {
			t.Errorf("replay wrote the row: %d -> %d, %v", updated, again, err)
		}
		if _, err := db.UpdateStripeCheckout(ctx, "cs_unknown", "evt_2", "checkout.session.completed", pay); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown session: %v", err)
		}
		// An event whose change is refused is not recorded, so it can still apply.
		refuse := errors.New("not ours")
		if _, err := db.UpdateStripeCheckout(ctx, "cs_paid", "evt_3", "x", func(*store.StripeCheckout) error { return refuse }); !errors.Is(err, refuse) {
			t.Fatal(err)
		}
		if _, err := db.UpdateStripeCheckout(ctx, "cs_paid", "evt_3", "x", pay); err != nil {
			t.Fatalf("refused event was recorded: %v", err)
		}

		_, _, err = db.BeginStripeCheckout(ctx, newCheckout(company, "b-2"), store.AttemptStart{})
		var paid *store.AlreadyPaidError
		if !errors.As(err, &paid) || paid.Checkout.SessionID != "cs_paid" {
			t.Fatalf("paid entity: %v", err)
		}
		if list, _ := db.StripeCheckouts(ctx, company, "b-2"); len(list) != 1 {
			t.Errorf("refused begin left %d rows", len(list))
		}
	})
}

// TestCheckoutAttemptCommitsWithItsRow: a create's attempt is written in the
// transaction of its row and ended in the one that opens it, so a refused
// create leaves neither, and a row replaced while it was being created
// keeps its attempt until its session is expired.
func TestCheckoutAttemptCommitsWithItsRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		att := func(c store.StripeCheckout) (store.AttemptStart, store.AttemptDone) {
			return store.AttemptStart{Kind: "test-checkout", Ref: c.PublicID.String(), Request: map[string]string{"k": "v"}, At: time.Now()},
				store.AttemptDone{Kind: "test-checkout", Ref: c.PublicID.String()}
		}
		inFlight := func() map[string]bool {
			t.Helper()
			list, err := db.Attempts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			refs := map[string]bool{}
			for _, a := range list {
				refs[a.Ref] = true
			}
			return refs
		}

		first := newCheckout(company, "b-att")
		first.PublicID = uuid.New()
		start, done := att(first)
		first, _, err := db.BeginStripeCheckout(ctx, first, start)
		if err != nil {
			t.Fatal(err)
		}
		if !inFlight()[first.PublicID.String()] {
			t.Fatal("the attempt was not written with its row")
		}
		second := newCheckout(company, "b-att")
		second.PublicID = uuid.New()
		start2, done2 := att(second)
		if second, _, err = db.BeginStripeCheckout(ctx, second, start2); err != nil {
			t.Fatal(err)
		}
		// The first was replaced while its session was being made.
		if open, _, err := db.OpenStripeCheckout(ctx, first.ID, store.SessionResult{SessionID: "cs_att1"}, done); err != nil || open {
			t.Fatalf("replaced row opened: %v %v", open, err)
		}
		if !inFlight()[first.PublicID.String()] {
			t.Error("a replaced row's attempt ended before its session was expired")
		}
		if open, _, err := db.OpenStripeCheckout(ctx, second.ID, store.SessionResult{SessionID: "cs_att2"}, done2); err != nil || !open {
			t.Fatalf("open: %v %v", open, err)
		}
		if inFlight()[second.PublicID.String()] {
			t.Error("the opened row's attempt is still in flight")
		}

		// A refused create writes no attempt.
		pay := func(row *store.StripeCheckout) error {
			row.State, row.PaymentStatus = store.CheckoutComplete, store.PaymentPaid
			return nil
		}
		if _, err := db.UpdateStripeCheckout(ctx, "cs_att2", "evt_att", "checkout.session.completed", pay); err != nil {
			t.Fatal(err)
		}
		third := newCheckout(company, "b-att")
		third.PublicID = uuid.New()
		start3, _ := att(third)
		var paid *store.AlreadyPaidError
		if _, _, err := db.BeginStripeCheckout(ctx, third, start3); !errors.As(err, &paid) {
			t.Fatalf("paid entity: %v", err)
		}
		if inFlight()[third.PublicID.String()] {
			t.Error("a refused create left its attempt")
		}
	})
}

package store_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

// paidStripePayment makes a checkout, opens it as session cs and completes
// it paid through an event, returning its log row.
func paidStripePayment(t *testing.T, db *store.DB, company uuid.UUID, ref, cs, paymentStatus string) store.LoggedPayment {
	t.Helper()
	ctx := t.Context()
	c, _, err := db.BeginStripeCheckout(ctx, newCheckout(company, ref), store.AttemptStart{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.OpenStripeCheckout(ctx, c.ID, store.SessionResult{SessionID: cs, PaymentIntentID: "pi_" + cs}, store.AttemptDone{}); err != nil {
		t.Fatal(err)
	}
	complete := func(c *store.StripeCheckout) error {
		c.State, c.PaymentStatus = store.CheckoutComplete, paymentStatus
		return nil
	}
	if _, err := db.UpdateStripeCheckout(ctx, cs, "evt_"+cs, "checkout.session.completed", complete); err != nil {
		t.Fatal(err)
	}
	// The replay is refused and writes no second row.
	if _, err := db.UpdateStripeCheckout(ctx, cs, "evt_"+cs, "checkout.session.completed", complete); !errors.Is(err, store.ErrDuplicateEvent) {
		t.Fatalf("replay: %v", err)
	}
	// A status read without an event applies again: still one row.
	if _, err := db.UpdateStripeCheckout(ctx, cs, "", "", complete); err != nil {
		t.Fatal(err)
	}
	list, total, err := db.PaymentLog(ctx, store.PaymentFilter{CompanyID: company, ArticleTypeID: 1, Take: 100, Total: true})
	if err != nil {
		t.Fatal(err)
	}
	var found []store.LoggedPayment
	for _, p := range list {
		if p.CheckoutRef == cs {
			found = append(found, p)
		}
	}
	if len(found) != 1 || total != len(list) {
		t.Fatalf("log rows of %s: %+v (total %d)", cs, found, total)
	}
	return found[0]
}

func TestStripePaymentLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		p := paidStripePayment(t, db, company, "b-1", "cs_1", store.PaymentPaid)
		if p.Status != store.LogPaid || p.Amount != 50000 || p.VATAmount != 10000 || p.PaymentRef != "pi_cs_1" ||
			p.Provider != store.ProviderStripe || p.Currency != "SEK" || p.InternalReferenceID != "b-1" {
			t.Fatalf("%+v", p)
		}
		full, err := db.Payment(t.Context(), p.ID)
		if err != nil || len(full.Articles) != 1 || full.Articles[0].Name != "Massage" {
			t.Fatalf("%+v %v", full, err)
		}
	})
}

func TestDelayedStripePaymentFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		p := paidStripePayment(t, db, company, "b-1", "cs_1", store.PaymentUnpaid)
		if p.Status != store.LogPending {
			t.Fatalf("%+v", p)
		}
		if _, _, err := db.BeginRefund(ctx, company, "b-1", p.ID, 100, ""); !errors.Is(err, store.ErrNotSettled) {
			t.Fatalf("refund of a pending payment: %v", err)
		}
		_, err := db.UpdateStripeCheckout(ctx, "cs_1", "evt_2", "checkout.session.async_payment_failed", func(c *store.StripeCheckout) error {
			c.PaymentStatus = store.PaymentFailed
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = db.Payment(ctx, p.ID); err != nil || p.Status != store.LogFailed {
			t.Fatalf("%+v %v", p, err)
		}
	})
}

func TestRefundsNeverExceedThePayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		p := paidStripePayment(t, db, company, "b-1", "cs_1", store.PaymentPaid)

		if _, _, err := db.BeginRefund(ctx, company, "b-2", p.ID, 100, ""); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another booking's payment: %v", err)
		}
		if _, _, err := db.BeginRefund(ctx, uuid.New(), "b-1", p.ID, 100, ""); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another company's payment: %v", err)
		}
		_, r1, err := db.BeginRefund(ctx, company, "b-1", p.ID, 20000, "first")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.BeginRefund(ctx, company, "b-1", p.ID, 30001, ""); !errors.Is(err, store.ErrOverRefund) {
			t.Fatalf("over-refund: %v", err)
		}
		// A failed refund gives its reservation back.
		if r, err := db.SettleRefund(ctx, r1.ID, store.RefundOutcome{State: store.RefundFailed, Failure: "declined"}); err != nil || r.State != store.RefundFailed {
			t.Fatalf("%+v %v", r, err)
		}
		_, r2, err := db.BeginRefund(ctx, company, "b-1", p.ID, 50000, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SettleRefund(ctx, r2.ID, store.RefundOutcome{State: store.RefundSucceeded, ProviderRef: "re_2"}); err != nil {
			t.Fatal(err)
		}
		// A repeated answer changes nothing.
		if r, err := db.SettleRefund(ctx, r2.ID, store.RefundOutcome{State: store.RefundSucceeded}); err != nil || r.State != store.RefundSucceeded {
			t.Fatalf("%+v %v", r, err)
		}
		if p, err = db.Payment(ctx, p.ID); err != nil || p.Refunded != 50000 || p.RefundReserved != 50000 {
			t.Fatalf("%+v %v", p, err)
		}
		// A refund that bounced after it succeeded gives its amount back to
		// the payment; a late success does not revive it.
		for _, st := range []store.RefundState{store.RefundFailed, store.RefundSucceeded} {
			if _, err := db.SettleRefund(ctx, r2.ID, store.RefundOutcome{State: st}); err != nil {
				t.Fatal(err)
			}
		}
		if p, err = db.Payment(ctx, p.ID); err != nil || p.Refunded != 0 || p.RefundReserved != 0 {
			t.Fatalf("%+v %v", p, err)
		}
		if _, r2, err = db.BeginRefund(ctx, company, "b-1", p.ID, 50000, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SettleRefund(ctx, r2.ID, store.RefundOutcome{State: store.RefundSucceeded, ProviderRef: "re_3"}); err != nil {
			t.Fatal(err)
		}

		// The schema refuses more than was paid even when the code around it
		// does not ask.
		if _, err := store.Raw(db).ExecContext(ctx, `UPDATE payment_log SET refund_reserved = amount + 1 WHERE id = ?`, p.ID); err == nil {
			t.Fatal("the log took more refunded than paid")
		}
	})
}

func TestConcurrentFullRefunds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		p := paidStripePayment(t, db, company, "b-1", "cs_1", store.PaymentPaid)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = db.BeginRefund(ctx, company, "b-1", p.ID, p.Amount, "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrOverRefund):
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d full refunds reserved", ok)
		}
	})
}

func TestProviderRefundReplay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		p := paidStripePayment(t, db, company, "b-1", "cs_1", store.PaymentPaid)
		outside := store.ProviderRefund{Provider: store.ProviderStripe, CompanyID: company, PaymentRef: "pi_cs_1", ProviderRef: "re_x",
			Amount: 1500, State: store.RefundSucceeded}
		for range 2 {
			r, err := db.RecordProviderRefund(ctx, outside)
			if err != nil || r.Origin != store.OriginProvider || r.State != store.RefundSucceeded {
				t.Fatalf("%+v %v", r, err)
			}
		}
		// Ours, reported before our call returned: matched by its public id.
		_, mine, err := db.BeginRefund(ctx, company, "b-1", p.ID, 500, "")
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.RecordProviderRefund(ctx, store.ProviderRefund{Provider: store.ProviderStripe, CompanyID: company, PaymentRef: "pi_cs_1",
			PublicID: mine.PublicID, ProviderRef: "re_mine", Amount: 500, State: store.RefundSucceeded})
		if err != nil || r.ID != mine.ID || r.ProviderRef != "re_mine" {
			t.Fatalf("%+v %v", r, err)
		}
		list, err := db.Refunds(ctx, p.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("%+v %v", list, err)
		}
		if p, err = db.Payment(ctx, p.ID); err != nil || p.Refunded != 2000 || p.RefundReserved != 2000 {
			t.Fatalf("%+v %v", p, err)
		}
		// Another company's endpoint cannot touch the payment.
		if _, err := db.RecordProviderRefund(ctx, store.ProviderRefund{Provider: store.ProviderStripe, CompanyID: uuid.New(),
			PaymentRef: "pi_cs_1", ProviderRef: "re_x", Amount: 1500, State: store.RefundFailed}); !errors.Is(err, store.ErrPaymentNotLogged) {
			t.Fatalf("another company: %v", err)
		}
		if _, err := db.RecordProviderRefund(ctx, store.ProviderRefund{Provider: store.ProviderStripe, CompanyID: company, PaymentRef: "pi_other",
			ProviderRef: "re_y", Amount: 1, State: store.RefundSucceeded}); !errors.Is(err, store.ErrPaymentNotLogged) {
			t.Fatalf("unknown payment: %v", err)
		}
	})
}

func TestPaysonPaymentLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		c, _, err := db.BeginPaysonCheckout(ctx, store.PaysonCheckout{CompanyID: company, InternalReferenceID: "b-1",
			ArticleTypeID: 1, Currency: "SEK", AmountTotal: 20000}, store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActivatePaysonCheckout(ctx, c.ID, uuid.New(), store.PaysonStatus{Status: "created", Rank: 1}, "", store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		order := &store.PaysonOrder{PurchaseID: "7", Lines: []store.PaysonLine{{Reference: "3", Name: "Yoga", UnitPrice: 20000, Quantity: 1, VAT: 4000}}}
		for _, st := range []store.PaysonStatus{{Status: "readyToShip", Rank: 5, Order: order}, {Status: "readyToShip", Rank: 5, Order: order},
			{Status: "shipped", Rank: 6, Order: order}, {Status: "readyToShip", Rank: 5, Order: order}} {
			if _, err := db.RecordPaysonStatus(ctx, c.ID, st); err != nil {
				t.Fatal(err)
			}
		}
		p, err := db.PaymentOfCheckout(ctx, store.ProviderPayson, c.ID)
		if err != nil || p.Status != store.LogPaid || p.ProviderStatus != "shipped" || p.VATAmount != 4000 || p.PaymentRef != "7" {
			t.Fatalf("%+v %v", p, err)
		}
		if p, err = db.Payment(ctx, p.ID); err != nil || len(p.Articles) != 1 || p.Articles[0].ArticleID != 3 {
			t.Fatalf("%+v %v", p, err)
		}
		// One Payson credit at a time: its targets would overwrite another's.
		if _, _, err := db.BeginRefund(ctx, company, "b-1", p.ID, 100, ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.BeginRefund(ctx, company, "b-1", p.ID, 100, ""); !errors.Is(err, store.ErrRefundInFlight) {
			t.Fatalf("second credit: %v", err)
		}
	})
}

// TestRefundIsAnAttemptUntilSettled: a refund of ours is an attempt from
// the transaction that begins it to the one that moves it out of creating,
// whether our own call or the provider's event settles it.
func TestRefundIsAnAttemptUntilSettled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		p := paidStripePayment(t, db, company, "b-1", "cs_1", store.PaymentPaid)
		refs := func() []string {
			t.Helper()
			list, err := db.Attempts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range list {
				if a.Kind == store.RefundAttemptKind {
					out = append(out, a.Ref)
				}
			}
			return out
		}
		_, first, err := db.BeginRefund(ctx, company, "b-1", p.ID, 500, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := refs(); len(got) != 1 || got[0] != first.PublicID.String() {
			t.Fatalf("attempts after begin: %v", got)
		}
		if _, err := db.SettleRefund(ctx, first.ID, store.RefundOutcome{}); err != nil {
			t.Fatal(err)
		}
		if got := refs(); len(got) != 1 {
			t.Fatalf("an unknown outcome ended the attempt: %v", got)
		}
		if _, err := db.SettleRefund(ctx, first.ID, store.RefundOutcome{State: store.RefundPending, ProviderRef: "re_1"}); err != nil {
			t.Fatal(err)
		}
		if got := refs(); len(got) != 0 {
			t.Fatalf("attempts after settling: %v", got)
		}
		_, second, err := db.BeginRefund(ctx, company, "b-1", p.ID, 500, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordProviderRefund(ctx, store.ProviderRefund{Provider: store.ProviderStripe, CompanyID: company,
			PaymentRef: "pi_cs_1", PublicID: second.PublicID, ProviderRef: "re_2", Amount: 500, State: store.RefundSucceeded}); err != nil {
			t.Fatal(err)
		}
		if got := refs(); len(got) != 0 {
			t.Fatalf("attempts after the provider's event: %v", got)
		}
	})
}

package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"paygate/store"
	"paygate/store/storetest"
)

// These tests race many transactions on one row or entity, as replicas
// on one PostgreSQL database do; each holds only because of a unique index
// or a row lock, on either engine.

const racers = 16

// race runs f racers times at once and returns the errors.
func race(f func(i int) error) []error {
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, racers)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// Concurrent creates for one entity all succeed, one after the other, and
// leave one payable checkout.
func TestConcurrentStripeCheckouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		for _, err := range race(func(int) error {
			_, _, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-race"), store.AttemptStart{})
			return err
		}) {
			if err != nil {
				t.Errorf("begin: %v", err)
			}
		}
		list, err := db.StripeCheckouts(ctx, company, "b-race")
		if err != nil {
			t.Fatal(err)
		}
		payable := 0
		for _, c := range list {
			if c.State == store.CheckoutCreating || c.State == store.CheckoutOpen {
				payable++
			}
		}
		if len(list) != racers || payable != 1 {
			t.Errorf("%d checkouts, %d payable; want %d and 1", len(list), payable, racers)
		}
	})
}

// Of concurrent Payson creations for one entity exactly one proceeds; the
// others are told another is under way.
func TestConcurrentPaysonCreations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		began := 0
		for _, err := range race(func(int) error {
			_, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "p-race"), store.AttemptStart{})
			return err
		}) {
			switch {
			case err == nil:
				began++
			case !errors.Is(err, store.ErrPaysonBusy):
				t.Errorf("begin: %v", err)
			}
		}
		if began != 1 {
			t.Errorf("%d creations began, want 1", began)
		}
	})
}

// One Idempotency-Key sent concurrently is reserved once.
func TestConcurrentIdempotencyKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now()
		var mu sync.Mutex
		states := map[store.IdempotencyState]int{}
		for _, err := range race(func(i int) error {
			r, err := db.ReserveIdempotencyKey(ctx, "caller", "race", "fp", fmt.Sprint("pay-", i), now, time.Minute, time.Hour)
			mu.Lock()
			states[r.State]++
			mu.Unlock()
			return err
		}) {
			if err != nil {
				t.Errorf("reserve: %v", err)
			}
		}
		if states[store.Reserved] != 1 || states[store.InFlight] != racers-1 {
			t.Errorf("reservations %v, want one Reserved and the rest InFlight", states)
		}
	})
}

// A Stripe event delivered many times at once is applied once, both by the
// payments surface and by Stripe Checkout's.
func TestConcurrentStripeEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Now()
		if err := db.CreatePayment(ctx, testPayment("p-race", now), nil, nil, store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		move := store.PaymentMove{PaymentIntentID: "pi_p-race", Status: "succeeded"}
		applied := countApplied(t, race(func(i int) error {
			_, err := db.ApplyStripeEvent(ctx, store.StripeEvent{ID: fmt.Sprint("e", i), StripeID: "evt_race",
				Type: "payment_intent.succeeded", Created: 100}, move, now)
			return err
		}))
		if applied != 1 {
			t.Errorf("payments event applied %d times", applied)
		}

		company := addCompany(t, db)
		c, _, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-evt"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.OpenStripeCheckout(ctx, c.ID, store.SessionResult{SessionID: "cs_race"}, store.AttemptDone{}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		changes := 0
		applied = countApplied(t, race(func(int) error {
			_, err := db.UpdateStripeCheckout(ctx, "cs_race", "evt_cs_race", "checkout.session.completed", func(c *store.StripeCheckout) error {
				mu.Lock()
				changes++
				mu.Unlock()
				c.State, c.PaymentStatus = store.CheckoutComplete, store.PaymentPaid
				return nil
			})
			return err
		}))
		if applied != 1 || changes != 1 {
			t.Errorf("checkout event applied %d times, its change ran %d times", applied, changes)
		}
	})
}

func countApplied(t *testing.T, errs []error) int {
	t.Helper()
	n := 0
	for _, err := range errs {
		switch {
		case err == nil:
			n++
		case !errors.Is(err, store.ErrDuplicateEvent):
			t.Errorf("apply: %v", err)
		}
	}
	return n
}

// Concurrent okPages of one BillRun transaction save one card; concurrent
// completions of an account's transactions leave one card active.
func TestConcurrentBillRunCards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if err := db.PutBillRunAccount(ctx, store.BillRunAccount{AID: 9, Email: "ann@example.org"}); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		txID := func(i int) string { return fmt.Sprintf("%019d", 1000+i) }
		for i := range racers {
			tx := store.BillRunTx{Tx: txID(i), Name: "StripeCheckout", AID: 9, T: "t", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
			if err := db.AddBillRunTx(ctx, tx); err != nil {
				t.Fatal(err)
			}
			if err := db.OpenBillRunTx(ctx, tx.Tx, "cus_1", fmt.Sprint("cs_", i)); err != nil {
				t.Fatal(err)
			}
		}
		card := func(i int) store.BillRunCard {
			return store.BillRunCard{Tx: txID(i), AID: 9, Name: "StripeCheckout", CustomerID: "cus_1",
				PaymentMethodID: fmt.Sprint("pm_", i), FourDigits: "4242", ExpMonth: 12, ExpYear: 2030, CreatedAt: now}
		}
		var mu sync.Mutex
		methods := map[string]bool{}
		for _, err := range race(func(int) error {
			saved, err := db.CompleteBillRunTx(ctx, card(0))
			mu.Lock()
			methods[saved.PaymentMethodID] = true
			mu.Unlock()
			return err
		}) {
			if err != nil {
				t.Errorf("replayed okPage: %v", err)
			}
		}
		if len(methods) != 1 || !methods["pm_0"] {
			t.Errorf("replayed okPage answered with cards %v", methods)
		}
		for _, err := range race(func(i int) error {
			if i == 0 {
				return nil
			}
			_, err := db.CompleteBillRunTx(ctx, card(i))
			return err
		}) {
			if err != nil {
				t.Errorf("okPage: %v", err)
			}
		}
		accounts, err := db.BillRunAccounts(ctx)
		if err != nil || len(accounts) != 1 || accounts[0].Card == nil {
			t.Fatalf("accounts %+v, %v", accounts, err)
		}
		for i := range racers {
			c, err := db.BillRunCardOf(ctx, txID(i))
			if err != nil {
				t.Errorf("card of %d: %v", i, err)
			}
			if c.Active != (c.PaymentMethodID == accounts[0].Card.PaymentMethodID) {
				t.Errorf("card %s active=%v, active card %s", c.PaymentMethodID, c.Active, accounts[0].Card.PaymentMethodID)
			}
		}
	})
}

// Concurrent partial updates of one company's settings all survive.
func TestConcurrentSettingsUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		if err := db.AddPaymentSettings(ctx, store.PaymentSettings{CompanyID: company, Provider: store.ProviderStripeCheckoutV1}); err != nil {
			t.Fatal(err)
		}
		for _, err := range race(func(int) error {
			_, err := db.UpdatePaymentSettings(ctx, company, func(s *store.PaymentSettings) error {
				s.DefaultConfirmationURL += "x"
				return nil
			})
			return err
		}) {
			if err != nil {
				t.Errorf("update: %v", err)
			}
		}
		s, err := db.PaymentSettings(ctx, company)
		if err != nil || s.DefaultConfirmationURL != strings.Repeat("x", racers) {
			t.Errorf("after %d updates: %q, %v", racers, s.DefaultConfirmationURL, err)
		}
	})
}

// Of concurrent ship claims on one Payson checkout one wins.
func TestConcurrentShipClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		company := addCompany(t, db)
		ctx := t.Context()
		c, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "ship"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		won := 0
		for _, err := range race(func(int) error {
			ok, err := db.ClaimPaysonShip(ctx, c.ID, time.Minute)
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
			return err
		}) {
			if err != nil {
				t.Errorf("claim: %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d claims won", won)
		}
	})
}

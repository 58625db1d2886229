package store_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/store"
	"paygate/store/storetest"
)

// TestEarlyNotificationsWaitForTheirRow keeps notifications about a Stripe
// session and a Payson checkout that no row has yet: keeping one twice keeps
// it once, it becomes due only when a row gets its session or checkout id,
// it is forgotten once applied, and one older than a few days is purged.
func TestEarlyNotificationsWaitForTheirRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		company := addCompany(t, db)
		co := uuid.New()
		keep := []store.EarlyNotification{
			{Provider: store.EarlyStripeV1, EventID: "evt_1", Ref: "cs_early", CompanyID: company.String(), Account: "acct_1", Body: []byte(`{"id":"evt_1"}`)},
			{Provider: store.EarlyStripeV1, EventID: "evt_1", Ref: "cs_early", Body: []byte(`{"id":"evt_1","again":true}`)},
			{Provider: store.EarlyStripeV1, EventID: "evt_2", Ref: "cs_other"},
			{Provider: store.EarlyPayson, EventID: co.String(), Ref: co.String(), CompanyID: company.String()},
		}
		for _, n := range keep {
			if err := db.KeepEarlyNotification(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.KeepEarlyNotification(ctx, store.EarlyNotification{Provider: "paypal", EventID: "x", Ref: "x"}); err == nil {
			t.Error("a notification of an unknown provider was kept")
		}
		got, err := db.EarlyNotifications(ctx, store.EarlyStripeV1, "cs_early")
		if err != nil || len(got) != 1 || string(got[0].Body) != `{"id":"evt_1"}` || got[0].Account != "acct_1" ||
			got[0].CompanyID != company.String() {
			t.Fatalf("kept for cs_early: %+v %v", got, err)
		}
		due := func(provider string) []store.EarlyNotification {
			t.Helper()
			d, err := db.DueEarlyNotifications(ctx, provider, 10)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		if d := due(store.EarlyStripeV1); len(d) != 0 {
			t.Fatalf("due before any row has the session: %+v", d)
		}

		c, _, err := db.BeginStripeCheckout(ctx, newCheckout(company, "b-early"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		if _, kept, err := db.OpenStripeCheckout(ctx, c.ID, store.SessionResult{SessionID: "cs_early"}, store.AttemptDone{}); err != nil || !kept {
			t.Fatalf("open: kept %v, %v; want the kept notification told", kept, err)
		}
		if d := due(store.EarlyStripeV1); len(d) != 1 || d[0].EventID != "evt_1" {
			t.Fatalf("due once the session is recorded: %+v", d)
		}
		p, _, err := db.BeginPaysonCheckout(ctx, attempt(company, "b-early"), store.AttemptStart{})
		if err != nil {
			t.Fatal(err)
		}
		if d := due(store.EarlyPayson); len(d) != 0 {
			t.Fatalf("payson due before the checkout id is recorded: %+v", d)
		}
		if kept, err := db.ActivatePaysonCheckout(ctx, p.ID, co, store.PaysonStatus{Status: "created", Rank: 1}, "", store.AttemptDone{}); err != nil || !kept {
			t.Fatalf("activate: kept %v, %v; want the kept notification told", kept, err)
		}
		if d := due(store.EarlyPayson); len(d) != 1 || d[0].Ref != co.String() {
			t.Fatalf("payson due once the checkout id is recorded: %+v", d)
		}

		if err := db.ForgetEarlyNotification(ctx, store.EarlyStripeV1, "evt_1"); err != nil {
			t.Fatal(err)
		}
		if d := due(store.EarlyStripeV1); len(d) != 0 {
			t.Fatalf("due after it was applied: %+v", d)
		}
		later := db.WithClock(func() time.Time { return time.Now().Add(4 * 24 * time.Hour) })
		if err := later.KeepEarlyNotification(ctx, store.EarlyNotification{Provider: store.EarlyStripeV1, EventID: "evt_3", Ref: "cs_3"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.EarlyNotifications(ctx, store.EarlyStripeV1, "cs_other"); len(got) != 0 {
			t.Errorf("a notification days old was not purged: %+v", got)
		}
	})
}

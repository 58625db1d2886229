package paysonv2_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
	"paygate/providers/paysonv2"
	"paygate/store"
	"paygate/store/storetest"
)

// TestNotificationBeforeCheckoutRecorded: the customer pays, and Payson
// notifies, while the create that made the checkout still waits for
// Payson's answer. The notification is answered 200 and kept; when the
// create records the checkout it reads the checkout back from Payson, so the
// row is ReadyToShip, not the Created the create's answer said.
func TestNotificationBeforeCheckoutRecorded(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		front := &flakyPayson{}
		e := newEnv(t, envOptions{engine: engine, front: front})
		var early reply
		var kept int
		front.setOnCreated(func(id uuid.UUID) {
			e.pay(e.live, e.liveTS, id) // the sandbox notifies paygate, and waits for it
			early = e.call("POST", ipnPath(id.String()), "", "", "")
			list, _ := e.db.EarlyNotifications(t.Context(), store.EarlyPayson, id.String())
			kept = len(list)
		})
		co := e.create(createBody("booking-early"))
		front.setOnCreated(nil)
		if got := decode[ipnResponse](t, early); early.Status != http.StatusOK || !strings.Contains(got.Message, "kept") {
			t.Fatalf("early notification: %d %s", early.Status, early.Body)
		}
		if kept != 1 {
			t.Fatalf("%d notifications kept for the checkout, want 1", kept)
		}
		if got := e.row(co.Id).Status; got != string(payson.StatusReadyToShip) {
			t.Fatalf("row after its early notification: %s", got)
		}
		if list, err := e.db.EarlyNotifications(t.Context(), store.EarlyPayson, co.Id.String()); err != nil || len(list) != 0 {
			t.Fatalf("still kept: %+v %v", list, err)
		}
	})
}

// TestEarlySweeperReadsBackMissedCheckouts: a notification kept after the
// create looked (or by a create that ended first) is applied by the sweep,
// which reads the checkout back from Payson.
func TestEarlySweeperReadsBackMissedCheckouts(t *testing.T) {
	e := newEnv(t, envOptions{})
	co := e.create(createBody("booking-swept"))
	e.act(e.liveTS, co.Id, "pay")
	err := e.db.KeepEarlyNotification(t.Context(), store.EarlyNotification{Provider: store.EarlyPayson,
		EventID: co.Id.String(), Ref: co.Id.String(), CompanyID: companyA.String()})
	if err != nil {
		t.Fatal(err)
	}
	// One about a checkout no row has stays kept.
	stray := uuid.New()
	if err := e.db.KeepEarlyNotification(t.Context(), store.EarlyNotification{Provider: store.EarlyPayson,
		EventID: stray.String(), Ref: stray.String()}); err != nil {
		t.Fatal(err)
	}
	n, err := paysonv2.NewEarlySweeper(e.deps).SettleInFlight(t.Context(), 0)
	if err != nil || n != 1 {
		t.Fatalf("swept %d %v", n, err)
	}
	if got := e.row(co.Id).Status; got != string(payson.StatusReadyToShip) {
		t.Fatalf("row after the sweep: %s", got)
	}
	if list, _ := e.db.EarlyNotifications(t.Context(), store.EarlyPayson, stray.String()); len(list) != 1 {
		t.Fatalf("a notification for no row was dropped: %+v", list)
	}
}

package paysonv2_test

import (
	"net/http"
	"testing"
	"time"

	"paygate/internal/faultproxy"
	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/providers/paysonv2"
)

// TestShipAnswerLostIsReadBack: Payson ships the checkout but its answer
// never comes within the bound. The caller gets 504, the payment request
// stays an attempt in flight, and the recoverer asks Payson, which says
// shipped (as its notification may have said already): the row is
// Shipped, and a second request is refused as such rather than shipping
// twice.
func TestShipAnswerLostIsReadBack(t *testing.T) {
	e := newEnv(t, envOptions{faults: true, attemptTimeout: 300 * time.Millisecond})
	co := e.create(createBody("booking-ship-lost"))
	e.pay(e.live, e.liveTS, co.Id)
	e.faults.Set(http.MethodPut, "/2.0/Checkouts/", faultproxy.Hang)
	r := e.call("PUT", sendPath(co.Id), "admin-a", "", "")
	if r.Status != http.StatusGatewayTimeout {
		t.Fatalf("send with the answer lost: %d %s", r.Status, r.Body)
	}
	e.faults.Clear()
	if got := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, co.Id); got.Status != payson.StatusShipped {
		t.Fatalf("Payson has %s", got.Status)
	}
	if a := e.attempts(); len(a) != 1 || a[0].Kind != paysonv2.ShipAttemptKind {
		t.Fatalf("attempts %+v", a)
	}
	if n := e.recover(); n != 1 {
		t.Fatalf("settled %d", n)
	}
	if got := e.row(co.Id).Status; got != string(payson.StatusShipped) {
		t.Fatalf("row after recovery: %s", got)
	}
	if a := e.attempts(); len(a) != 0 {
		t.Fatalf("attempts left %+v", a)
	}
	if r := e.call("PUT", sendPath(co.Id), "admin-a", "", ""); r.Status != http.StatusConflict || errOf(t, r).ResponseStatus.ErrorCode != "CheckoutNotReadyToShip" {
		t.Fatalf("second send: %d %s", r.Status, r.Body)
	}
	if n := len(e.faults.Exchanges(http.MethodPut, "/2.0/Checkouts/")); n != 1 {
		t.Fatalf("%d ship calls reached Payson", n)
	}
}

// TestShipClaimOfACrashIsReleased: a process took the ship claim, began
// the payment request and died before Payson was asked. The recoverer
// asks Payson (still ReadyToShip) and releases the claim at once, so the
// next request ships instead of waiting out the claim's lease.
func TestShipClaimOfACrashIsReleased(t *testing.T) {
	e := newEnv(t, envOptions{attemptTimeout: 300 * time.Millisecond})
	co := e.create(createBody("booking-ship-crash"))
	e.pay(e.live, e.liveTS, co.Id)
	row := e.row(co.Id)
	if ok, err := e.db.ClaimPaysonShip(t.Context(), row.ID, 2*time.Minute); err != nil || !ok {
		t.Fatalf("claim %v %v", ok, err)
	}
	if err := e.db.BeginAttempt(t.Context(), paysonv2.ShipAttemptKind, co.Id.String(), nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if r := e.call("PUT", sendPath(co.Id), "admin-a", "", ""); r.Status != http.StatusConflict || errOf(t, r).ResponseStatus.ErrorCode != "PaymentRequestInProgress" {
		t.Fatalf("send beside the dead claim: %d %s", r.Status, r.Body)
	}
	if n := e.recover(); n != 1 {
		t.Fatalf("settled %d", n)
	}
	if r := e.call("PUT", sendPath(co.Id), "admin-a", "", ""); r.Status != http.StatusOK {
		t.Fatalf("send after recovery: %d %s", r.Status, r.Body)
	}
	if got := e.row(co.Id).Status; got != string(payson.StatusShipped) {
		t.Fatalf("row %s", got)
	}
}

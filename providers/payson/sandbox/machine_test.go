package sandbox

import (
	"testing"

	"paygate/providers/payson"
)

func TestLegalMoves(t *testing.T) {
	type pair struct{ from, to payson.Status }
	merchant := map[pair]bool{}
	for _, from := range []payson.Status{"created", "formsFilled", "readyToPay", "processingPayment", "readyToShip"} {
		merchant[pair{from, "canceled"}] = true
	}
	merchant[pair{"readyToShip", "shipped"}] = true

	paysonSide := map[pair]bool{
		{"created", "formsFilled"}: true, {"formsFilled", "readyToPay"}: true,
		{"readyToPay", "processingPayment"}: true, {"processingPayment", "readyToShip"}: true,
		{"shipped", "paidToAccount"}: true, {"readyToShip", "expired"}: true,
	}
	for _, from := range []payson.Status{"created", "formsFilled", "readyToPay", "processingPayment"} {
		for _, to := range []payson.Status{"canceled", "denied", "expired"} {
			paysonSide[pair{from, to}] = true
		}
	}

	for _, from := range payson.Statuses() {
		for _, to := range payson.Statuses() {
			if got, want := legal(from, to, byMerchant), merchant[pair{from, to}]; got != want {
				t.Errorf("merchant %s -> %s: legal = %v, want %v", from, to, got, want)
			}
			if got, want := legal(from, to, byPayson), paysonSide[pair{from, to}]; got != want {
				t.Errorf("payson %s -> %s: legal = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestIllegalMoveNamesTheWayOut(t *testing.T) {
	for _, tc := range []struct {
		from, to payson.Status
		want     string
	}{
		{"created", "shipped", "The status can not change from created to shipped; from created the merchant may only set canceled."},
		{"readyToShip", "paidToAccount", "The status can not change from readyToShip to paidToAccount; from readyToShip the merchant may only set shipped or canceled."},
		{"shipped", "canceled", "The status can not change from shipped to canceled; the merchant can not change a checkout that is shipped."},
	} {
		if got := illegalMove(tc.from, tc.to, byMerchant); got != tc.want {
			t.Errorf("illegalMove(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}

package paysonv2_test

import (
	"net/http"
	"testing"
	"time"

	"paygate/internal/faultproxy"
	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/store"
)

// TestPaysonRecovery loses Payson's answer to a create in every way it can
// be lost. The caller gets 502 or 504 (never a success), the entity stays
// busy while the attempt is in flight, and the recoverer then finds the
// checkout Payson made by its merchant reference and makes it current; when
// Payson made none (a 500 before it acted), the attempt is failed.
func TestPaysonRecovery(t *testing.T) {
	e := newEnv(t, envOptions{faults: true, attemptTimeout: 300 * time.Millisecond})
	tests := []struct {
		mode   faultproxy.Mode
		status int
		made   bool
	}{
		{faultproxy.Status500, http.StatusBadGateway, false},
		{faultproxy.Garbage, http.StatusBadGateway, true},
		{faultproxy.Reset, http.StatusBadGateway, true},
		{faultproxy.Hang, http.StatusGatewayTimeout, true},
	}
	for i, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			ref := "booking-r" + string(rune('a'+i))
			e.faults.Set(http.MethodPost, "/2.0/Checkouts", tt.mode)
			before := len(e.live.Checkouts(sandbox.DemoAgentID))
			r := e.call("POST", "/payment/payson/v2/checkout", "", "", createBody(ref))
			if r.Status != tt.status || errOf(t, r).ResponseStatus.ErrorCode != "PaysonUnavailable" {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			e.faults.Clear()
			if a := e.attempts(); len(a) != 1 {
				t.Fatalf("attempts %+v", a)
			}
			if r := e.call("POST", "/payment/payson/v2/checkout", "", "", createBody(ref)); r.Status != http.StatusConflict {
				t.Fatalf("create beside an attempt in flight: %d %s", r.Status, r.Body)
			}
			made := e.live.Checkouts(sandbox.DemoAgentID)
			if got := len(made) - before; got != map[bool]int{true: 1, false: 0}[tt.made] {
				t.Fatalf("Payson made %d checkouts", got)
			}
			if n := e.recover(); n != 1 {
				t.Fatalf("settled %d", n)
			}
			if a := e.attempts(); len(a) != 0 {
				t.Fatalf("attempts left %+v", a)
			}
			if !tt.made {
				if st := e.stateOf(t, ref); st != store.PaysonFailed {
					t.Fatalf("row %s", st)
				}
				return
			}
			row := e.row(made[0].ID)
			if row.State != store.PaysonActive || row.InternalReferenceID != ref || made[0].Status != payson.StatusCreated {
				t.Fatalf("row %+v, checkout %s", row, made[0].Status)
			}
			// The entity is free again, and its next checkout replaces
			// the recovered one at Payson too.
			next := e.create(createBody(ref))
			if co := e.live.Checkouts(sandbox.DemoAgentID); co[0].ID != next.Id || co[1].ID != made[0].ID || co[1].Status != payson.StatusCanceled {
				t.Fatalf("after the next create: %s %s", co[0].Status, co[1].Status)
			}
		})
	}
}

// stateOf returns the state of the newest attempt for ref.
func (e *env) stateOf(t *testing.T, ref string) store.PaysonState {
	t.Helper()
	var st store.PaysonState
	if err := e.db.Pool().QueryRow(`SELECT state FROM payson_checkouts WHERE internal_reference_id = ? ORDER BY id DESC LIMIT 1`, ref).Scan(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

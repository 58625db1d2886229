package paysonv2_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
	"paygate/providers/payson/sandbox"
	"paygate/store/storetest"
)

func TestSendPaymentRequestRefusals(t *testing.T) {
	e := newEnv(t, envOptions{})
	unpaid := e.create(createBody("booking-u"))
	paid := e.create(createBody("booking-p"))
	e.pay(e.live, e.liveTS, paid.Id)
	company := `{"CompanyId":"` + companyA.String() + `"}`
	for _, c := range []struct {
		name, path, token, body string
		status                  int
		code, field, message    string
	}{
		{"anonymous", sendPath(paid.Id), "", "", 401, "Unauthorized", "", ""},
		{"bad token", sendPath(paid.Id), "junk", "", 401, "Unauthorized", "", ""},
		{"no role", sendPath(paid.Id), "staff-a", "", 403, "Forbidden", "", ""},
		{"read role only", sendPath(paid.Id), "reader-a", "", 403, "Forbidden", "", ""},
		{"another company's checkout", sendPath(paid.Id), "admin-b", "", 404, "NotFound", "Id", ""},
		{"acting for another company", sendPath(paid.Id), "admin-b", company, 403, "Forbidden", "", ""},
		{"unknown checkout", sendPath(uuid.New()), "admin-a", "", 404, "NotFound", "Id", ""},
		{"malformed id", "/payment/payson/v2/checkout/12345/sendpaymentrequest", "admin-a", "", 400, "SerializationException", "Id", ""},
		{"superadmin without company", sendPath(paid.Id), "super", "", 400, "NotEmpty", "CompanyId", ""},
		{"not paid", sendPath(unpaid.Id), "admin-a", "", 409, "CheckoutNotReadyToShip", "Id", "is Created (1); a payment request can only be sent for a checkout that is ReadyToShip (5)"},
		{"malformed body", sendPath(paid.Id), "admin-a", `{"CompanyId":`, 400, "SerializationException", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.call("PUT", c.path, c.token, "", c.body)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			eb := errOf(t, r)
			if eb.ResponseStatus.ErrorCode != c.code || !strings.Contains(eb.ResponseStatus.Message, c.message) {
				t.Errorf("got %s", r.Body)
			}
			if c.field != "" && !slices.Contains(eb.Fields(), c.field) {
				t.Errorf("fields %v, want %s", eb.Fields(), c.field)
			}
		})
	}
	if got := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, paid.Id).Status; got != payson.StatusReadyToShip {
		t.Fatalf("refusals changed Payson's status to %s", got)
	}

	// A superadmin may act for the company; a repeat is refused and names
	// the status, and Payson shipped once.
	r := e.call("PUT", sendPath(paid.Id), "super", "", company)
	if got := decode[checkoutResponse](t, r); r.Status != http.StatusOK || got.Status != "Shipped" {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	r = e.call("PUT", sendPath(paid.Id), "admin-a", "", "")
	if eb := errOf(t, r); r.Status != http.StatusConflict || !strings.Contains(eb.ResponseStatus.Message, "is Shipped (6)") || eb.ResponseStatus.Meta["Status"] != "Shipped" {
		t.Errorf("repeat: %d %s", r.Status, r.Body)
	}
	e.idle(e.live)
	if got := countNotified(e.live, paid.Id, payson.StatusShipped); got != 1 {
		t.Errorf("%d shipped notifications", got)
	}
}

// TestConcurrentSendPaymentRequests has several administrators send the
// same payment request at once: one succeeds, and Payson ships once.
func TestConcurrentSendPaymentRequests(t *testing.T) {
	storetest.EachEngine(t, func(t *testing.T, engine string) {
		e := newEnv(t, envOptions{engine: engine})
		co := e.create(createBody("booking-c"))
		e.pay(e.live, e.liveTS, co.Id)
		const n = 6
		var wg sync.WaitGroup
		replies := make([]reply, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				replies[i] = e.call("PUT", sendPath(co.Id), "admin-a", "", "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, r := range replies {
			switch r.Status {
			case http.StatusOK:
				ok++
			case http.StatusConflict:
				if code := errOf(t, r).ResponseStatus.ErrorCode; code != "PaymentRequestInProgress" && code != "CheckoutNotReadyToShip" {
					t.Errorf("conflict %s", r.Body)
				}
			default:
				t.Errorf("send: %d %s", r.Status, r.Body)
			}
		}
		if ok != 1 {
			t.Errorf("%d sends succeeded, want 1", ok)
		}
		e.idle(e.live)
		if got := countNotified(e.live, co.Id, payson.StatusShipped); got != 1 {
			t.Errorf("%d shipped notifications", got)
		}
	})
}

func TestSendPaymentRequestWhenPaysonFails(t *testing.T) {
	front := &flakyPayson{}
	e := newEnv(t, envOptions{front: front})
	co := e.create(createBody("booking-f"))
	e.pay(e.live, e.liveTS, co.Id)

	front.setDown(true)
	r := e.call("PUT", sendPath(co.Id), "admin-a", "", "")
	if r.Status != http.StatusBadGateway || errOf(t, r).ResponseStatus.ErrorCode != "PaysonUnavailable" {
		t.Fatalf("send with Payson down: %d %s", r.Status, r.Body)
	}
	front.setDown(false)

	// Payson expired the checkout, but paygate's read comes from a replica
	// that has not heard yet: Payson refuses to ship, and the answer names
	// the status Payson really has.
	before := e.payson(e.liveTS, sandbox.DemoAgentID, sandbox.DemoAPIKey, co.Id)
	e.act(e.liveTS, co.Id, sandbox.ActionExpire)
	e.idle(e.live)
	front.serveStaleOnce(t, before)
	r = e.call("PUT", sendPath(co.Id), "admin-a", "", "")
	if eb := errOf(t, r); r.Status != http.StatusConflict || !strings.Contains(eb.ResponseStatus.Message, "is Expired (10)") {
		t.Fatalf("send of an expired checkout: %d %s", r.Status, r.Body)
	}
	if got := e.row(co.Id).Status; got != string(payson.StatusExpired) {
		t.Errorf("stored status %s", got)
	}
}

func countNotified(sb *sandbox.Sandbox, id uuid.UUID, st payson.Status) int {
	n := 0
	for _, a := range sb.Notifications(id) {
		if a.Status == st && a.Delivered() {
			n++
		}
	}
	return n
}

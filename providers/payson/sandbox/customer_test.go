package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/internal/clocktest"
	"paygate/providers/payson"
)

func TestActionsRespectTheMachine(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tc := range []struct {
		before []Action
		action Action
		status int
	}{
		{nil, ActionSettle, http.StatusConflict},
		{[]Action{ActionPay}, ActionFill, http.StatusConflict},
		{[]Action{ActionPay}, ActionPay, http.StatusConflict},
		{[]Action{ActionPay}, ActionDeny, http.StatusConflict},
		{[]Action{ActionPay}, ActionCancel, http.StatusConflict},
		{[]Action{ActionDeny}, ActionExpire, http.StatusConflict},
		{[]Action{ActionFill}, ActionFill, http.StatusConflict},
		{nil, "refund", http.StatusBadRequest},
	} {
		co := h.create(checkoutRequest(h.shop))
		for _, a := range tc.before {
			h.act(co.ID, a)
		}
		_, err := h.sb.Act(context.Background(), co.ID, tc.action, nil)
		if got := errStatus(err); got != tc.status {
			t.Errorf("%v then %s: %v, want status %d", tc.before, tc.action, err, tc.status)
		}
	}
	if _, err := h.sb.Act(context.Background(), uuid.New(), ActionPay, nil); errStatus(err) != http.StatusNotFound {
		t.Errorf("unknown checkout: %v", err)
	}
}

func TestFillKeepsPrefillAndTakesGivenData(t *testing.T) {
	h := newHarness(t, Options{})
	req := checkoutRequest(h.shop)
	req.Customer = &payson.Customer{Email: "prefill@example.com", FirstName: "Pre"}
	co := h.create(req)
	got, err := h.sb.Act(context.Background(), co.ID, ActionFill, &payson.Customer{FirstName: "Given"})
	if err != nil {
		t.Fatal(err)
	}
	c := got.Customer
	if got.Status != payson.StatusReadyToPay || c.FirstName != "Given" || c.Email != "prefill@example.com" || c.LastName == "" {
		t.Errorf("after fill: %s %+v", got.Status, c)
	}
	if _, err := h.sb.Act(context.Background(), h.create(req).ID, ActionFill, &payson.Customer{Email: "nope"}); errStatus(err) != http.StatusBadRequest {
		t.Errorf("bad email: %v", err)
	}
}

func TestValidationURIStopsPayment(t *testing.T) {
	var mu sync.Mutex
	answer, asked := http.StatusBadRequest, []string{}
	merchant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/validate" {
			asked = append(asked, r.Method+" "+r.URL.RequestURI())
			w.WriteHeader(answer)
		}
	}))
	defer merchant.Close()
	h := newHarness(t, Options{})
	req := checkoutRequest(merchant.URL)
	req.Merchant.ValidationURI = merchant.URL + "/validate"
	co := h.create(req)

	_, err := h.sb.Act(context.Background(), co.ID, ActionPay, nil)
	if errStatus(err) != http.StatusConflict || !strings.Contains(err.Error(), "400") {
		t.Fatalf("refused validation: %v", err)
	}
	if got := h.get(co.ID); got.Status != payson.StatusReadyToPay {
		t.Errorf("after refused validation: %s", got.Status)
	}
	mu.Lock()
	answer = http.StatusOK
	mu.Unlock()
	if got := h.act(co.ID, ActionPay); got.Status != payson.StatusReadyToShip {
		t.Errorf("after accepted validation: %s", got.Status)
	}
	mu.Lock()
	defer mu.Unlock()
	want := "GET /validate?checkout=" + co.ID.String()
	if len(asked) != 2 || asked[0] != want {
		t.Errorf("validation calls %v, want 2 of %q", asked, want)
	}
}

func TestExpiryFollowsTheClock(t *testing.T) {
	clk := clocktest.New(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC))
	h := newHarness(t, Options{Now: clk.Now})

	req := checkoutRequest(h.shop)
	req.ExpirationTime = payson.NewTime(clk.Now().Add(time.Hour))
	unpaid := h.create(req)
	paid := h.create(checkoutRequest(h.shop))
	h.act(paid.ID, ActionPay)

	clk.Advance(time.Hour)
	if got := h.get(unpaid.ID); got.Status != payson.StatusExpired || !got.History.Expired.Equal(clk.Now()) {
		t.Errorf("unpaid at its expirationTime: %s", got.Status)
	}
	if got := h.get(paid.ID); got.Status != payson.StatusReadyToShip {
		t.Errorf("paid after an hour: %s", got.Status)
	}
	clk.Advance(readyToShipLifetime)
	if got := h.get(paid.ID); got.Status != payson.StatusExpired {
		t.Errorf("paid and unshipped for 59 days: %s", got.Status)
	}
	if _, err := h.client.ShipCheckout(context.Background(), paid.ID); err == nil {
		t.Error("shipped an expired checkout")
	}
	if err := h.sb.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(h.sb.Notifications(unpaid.ID)); n == 0 {
		t.Error("expiry notified no one")
	}
}

func TestControlOverHTTP(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.create(checkoutRequest(h.shop))
	status, _, body := h.raw("POST", "/sandbox/checkouts/"+co.ID.String()+"/fill", `{"firstName":"Ada","countryCode":"se"}`, false)
	if status != http.StatusOK || !strings.Contains(body, `"firstName":"Ada"`) || !strings.Contains(body, `"countryCode":"SE"`) {
		t.Errorf("fill: %d %s", status, body)
	}
	for path, want := range map[string]int{
		"/sandbox/checkouts/" + co.ID.String() + "/settle": http.StatusConflict,
		"/sandbox/checkouts/" + co.ID.String() + "/nope":   http.StatusBadRequest,
		"/sandbox/checkouts/" + uuid.NewString() + "/pay":  http.StatusNotFound,
	} {
		if status, _, body := h.raw("POST", path, "", false); status != want || paysonError(t, body).Message == "" {
			t.Errorf("POST %s: %d %s, want %d", path, status, body, want)
		}
	}
	if status, _, _ := h.raw("POST", "/sandbox/checkouts/"+co.ID.String()+"/fill", `{"firstName":`, false); status != http.StatusBadRequest {
		t.Errorf("malformed customer: %d", status)
	}
	status, _, body = h.raw("GET", "/sandbox/checkouts/"+co.ID.String()+"/notifications", "", false)
	if status != http.StatusOK || strings.TrimSpace(body) != "[]" {
		t.Errorf("notifications: %d %s", status, body)
	}
}

package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"paygate/providers/payson"
)

func TestAuth(t *testing.T) {
	h := newHarness(t, Options{Accounts: []Account{{AgentID: "9", APIKey: "nine", Email: "nine@example.com", MerchantID: 9}, {AgentID: "10"}}})
	status, hdr, body := h.raw("GET", "/2.0/Accounts", "", false)
	if status != http.StatusUnauthorized || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("no credentials: %d %q", status, hdr.Get("WWW-Authenticate"))
	}
	if e := paysonError(t, body); e.Message == "" {
		t.Errorf("401 body %q", body)
	}
	for _, cred := range [][2]string{{DemoAgentID, "wrong"}, {"9", DemoAPIKey}, {"10", ""}, {"unknown", ""}} {
		_, err := payson.New(h.srv.URL, cred[0], cred[1], nil).GetAccount(context.Background())
		var perr *payson.Error
		if !errors.As(err, &perr) || perr.Status != http.StatusUnauthorized {
			t.Errorf("%s:%s: %v", cred[0], cred[1], err)
		}
	}
	a, err := payson.New(h.srv.URL, "9", "nine", nil).GetAccount(context.Background())
	if err != nil || a.MerchantID != 9 || a.AccountEmail != "nine@example.com" {
		t.Errorf("configured account: %+v, %v", a, err)
	}
}

func TestCreateAnswers201WithLocation(t *testing.T) {
	h := newHarness(t, Options{})
	b, _ := json.Marshal(checkoutRequest(h.shop))
	status, hdr, body := h.raw("POST", "/2.0/Checkouts", string(b), true)
	if status != http.StatusCreated {
		t.Fatalf("status %d: %s", status, body)
	}
	var co payson.Checkout
	if err := json.Unmarshal([]byte(body), &co); err != nil {
		t.Fatal(err)
	}
	if want := h.srv.URL + "/2.0/Checkouts/" + co.ID.String(); hdr.Get("Location") != want {
		t.Errorf("Location %q, want %q", hdr.Get("Location"), want)
	}
	if !strings.Contains(co.Snippet, `<script`) || !strings.Contains(co.Snippet, `<iframe`) {
		t.Errorf("snippet %q", co.Snippet)
	}
}

func TestPublicURLInSnippet(t *testing.T) {
	h := newHarness(t, Options{PublicURL: "https://payson.test/"})
	co := h.create(checkoutRequest(h.shop))
	if !strings.Contains(co.Snippet, `src="https://payson.test/checkout/`+co.ID.String()+`"`) {
		t.Errorf("snippet %q", co.Snippet)
	}
}

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, Options{})
	for name, tc := range map[string]struct {
		body     string
		status   int
		property string
	}{
		"empty order":     {`{"merchant":{},"order":{"currency":"SEK","items":[]}}`, 400, "order.items"},
		"tax rate":        {item(`{"name":"x","unitPrice":10,"quantity":1,"taxRate":25}`), 400, "order.items[0].taxRate"},
		"three decimals":  {item(`{"name":"x","unitPrice":10.005,"quantity":1,"taxRate":0.25}`), 400, ""},
		"wrong type":      {item(`{"name":"x","unitPrice":10,"quantity":"one","taxRate":0.25}`), 400, "order.items.quantity"},
		"item type":       {item(`{"name":"x","unitPrice":10,"quantity":1,"taxRate":0.25,"type":"gift"}`), 400, "order.items[0].type"},
		"free order":      {item(`{"name":"x","unitPrice":0,"quantity":1,"taxRate":0.25}`), 400, "order.totalPriceIncludingTax"},
		"long reference":  {item(`{"name":"x","unitPrice":10,"quantity":1,"taxRate":0,"reference":"` + strings.Repeat("r", 101) + `"}`), 400, "order.items[0].reference"},
		"not JSON":        {`{"merchant":`, 400, ""},
		"too large":       {`{"description":"` + strings.Repeat("x", maxBodyBytes) + `"}`, 413, ""},
		"gui locale":      {withGUI(`{"locale":"de"}`), 400, "gui.locale"},
		"gui countries":   {withGUI(`{"countries":["SWE"]}`), 400, "gui.countries[0]"},
		"past expiration": {strings.Replace(item(`{"name":"x","unitPrice":10,"quantity":1,"taxRate":0}`), `{"merchant"`, `{"expirationTime":"2001-01-01T00:00:00Z","merchant"`, 1), 400, "expirationTime"},
	} {
		status, _, body := h.raw("POST", "/2.0/Checkouts", tc.body, true)
		if status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", name, status, tc.status, body)
			continue
		}
		e := paysonError(t, body)
		if tc.property == "" {
			continue
		}
		if _, ok := e.Property(tc.property); !ok {
			t.Errorf("%s: no error for %s: %+v", name, tc.property, e.Errors)
		}
	}
}

const merchantJSON = `{"checkoutUri":"https://s.example/c","confirmationUri":"https://s.example/ok","notificationUri":"https://s.example/n","termsUri":"https://s.example/t"}`

func item(it string) string {
	return `{"merchant":` + merchantJSON + `,"order":{"currency":"SEK","items":[` + it + `]}}`
}

func withGUI(gui string) string {
	return `{"merchant":` + merchantJSON + `,"gui":` + gui + `,"order":{"currency":"SEK","items":[{"name":"x","unitPrice":10,"quantity":1,"taxRate":0}]}}`
}

func TestEnumsAreCaseInsensitive(t *testing.T) {
	h := newHarness(t, Options{})
	req := checkoutRequest(h.shop)
	req.GUI = &payson.GUI{ColorScheme: "White", Locale: "sv", Verification: "BankID"}
	req.Order.Currency = "eur"
	co := h.create(req)
	if co.GUI.ColorScheme != payson.ColorWhite || co.GUI.Locale != "sv" || co.GUI.Verification != payson.VerificationBankID || co.Order.Currency != payson.CurrencyEUR {
		t.Errorf("gui %+v currency %s", co.GUI, co.Order.Currency)
	}
	co.Status = "Canceled"
	got, err := h.client.UpdateCheckout(context.Background(), co)
	if err != nil || got.Status != payson.StatusCanceled {
		t.Errorf("status in another case: %v, %v", got, err)
	}
}

func TestUpdateBeforePayment(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.create(checkoutRequest(h.shop))
	co.Order.Items[0].Quantity = 2
	co.Order.Items = append(co.Order.Items, payson.OrderItem{Name: "Oil", UnitPrice: 10000, Quantity: 1, TaxRate: 0.25})
	co.Merchant.Reference = "order-9"
	co.Description = "Two massages"
	got, err := h.client.UpdateCheckout(context.Background(), co)
	if err != nil {
		t.Fatal(err)
	}
	if got.Order.TotalPriceIncludingTax != 170000 || got.Order.Items[0].ItemID != co.Order.Items[0].ItemID ||
		got.Order.Items[1].ItemID == uuid.Nil || got.Merchant.Reference != "order-9" || got.Description != "Two massages" {
		t.Errorf("updated: %+v", got)
	}

	got.Order.Items[1].ItemID = uuid.New()
	_, err = h.client.UpdateCheckout(context.Background(), got)
	var perr *payson.Error
	if !errors.As(err, &perr) {
		t.Fatalf("unknown itemId: %v", err)
	}
	if _, ok := perr.Property("order.items[1].itemId"); !ok {
		t.Errorf("unknown itemId: %+v", perr.Errors)
	}
}

func TestPaidOrderIsFrozenExceptCredits(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, Options{})
	co := h.create(checkoutRequest(h.shop))
	paid := h.act(co.ID, ActionPay)

	for name, tc := range map[string]struct {
		change   func(*payson.Checkout)
		property string
	}{
		"price":            {func(c *payson.Checkout) { c.Order.Items[0].UnitPrice = 1 }, "order.items[0]"},
		"added item":       {func(c *payson.Checkout) { c.Order.Items = append(c.Order.Items, c.Order.Items[0]) }, "order.items"},
		"no itemId":        {func(c *payson.Checkout) { c.Order.Items[0].ItemID = uuid.Nil }, "order.items[0].itemId"},
		"credit unshipped": {func(c *payson.Checkout) { c.Order.Items[0].CreditedAmount = 100 }, "order.items[0].creditedAmount"},
		"currency":         {func(c *payson.Checkout) { c.Order.Currency = payson.CurrencyEUR }, "order.currency"},
		"id":               {func(c *payson.Checkout) { c.ID = uuid.New() }, "id"},
		"invalid merchant": {func(c *payson.Checkout) { c.Merchant.NotificationURI = "" }, "merchant.notificationUri"},
	} {
		c := *paid
		c.Order.Items = append([]payson.OrderItem(nil), paid.Order.Items...)
		tc.change(&c)
		_, err := h.sb.withCheckout(co.ID, DemoAgentID, func(rec *record, ch *changes) error { return h.sb.update(rec, &c, ch) })
		var perr *payson.Error
		if !errors.As(err, &perr) || perr.Status != http.StatusBadRequest {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, ok := perr.Property(tc.property); !ok {
			t.Errorf("%s: no error for %s: %+v", name, tc.property, perr.Errors)
		}
	}
	if got := h.get(co.ID); got.Status != payson.StatusReadyToShip || got.Order.TotalPriceIncludingTax != 80000 {
		t.Errorf("refused updates changed the checkout: %+v", got)
	}

	// The merchant may still change its reference after payment.
	ref := *paid
	ref.Merchant.Reference = "order-1"
	if got, err := h.client.UpdateCheckout(ctx, &ref); err != nil || got.Merchant.Reference != "order-1" {
		t.Errorf("reference after payment: %v, %v", got, err)
	}

	shipped, err := h.client.ShipCheckout(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	shipped.Order.Items[0].CreditedAmount = 80001
	_, err = h.client.UpdateCheckout(ctx, shipped)
	var perr *payson.Error
	if !errors.As(err, &perr) {
		t.Errorf("credit above total: %v", err)
	} else if _, ok := perr.Property("order.items[0].creditedAmount"); !ok {
		t.Errorf("credit above total: %+v", perr.Errors)
	}
	shipped.Order.Items[0].CreditedAmount = 30000
	credited, err := h.client.UpdateCheckout(ctx, shipped)
	if err != nil || credited.Order.TotalCreditedAmount != 30000 {
		t.Fatalf("credit: %v, %v", credited, err)
	}
	credited.Order.Items[0].CreditedAmount = 20000
	if _, err := h.client.UpdateCheckout(ctx, credited); err == nil {
		t.Error("a credit was lowered")
	}
}

func TestEndedCheckoutTakesNoChanges(t *testing.T) {
	h := newHarness(t, Options{})
	co := h.create(checkoutRequest(h.shop))
	canceled, err := h.client.CancelCheckout(context.Background(), co.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Sending the same object again is harmless...
	if _, err := h.client.UpdateCheckout(context.Background(), canceled); err != nil {
		t.Errorf("idempotent cancel: %v", err)
	}
	// ...changing it is not.
	canceled.Merchant.Reference = "late"
	if _, err := h.client.UpdateCheckout(context.Background(), canceled); err == nil {
		t.Error("a canceled checkout was changed")
	}
}

func TestPathIDs(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/2.0/Checkouts/not-a-uuid", "/2.0/Checkouts/" + uuid.NewString()} {
		if status, _, body := h.raw("GET", path, "", true); status != http.StatusNotFound || paysonError(t, body).Message == "" {
			t.Errorf("GET %s: %d %s", path, status, body)
		}
	}
}
